/* backoff.c - exponential backoff with jitter. */
#include "backoff.h"

void backoff_init(backoff_t *backoff, int64_t min_ms, int64_t max_ms, uint64_t seed)
{
    backoff->min_ms = min_ms;
    backoff->max_ms = max_ms;
    backoff->step_ms = min_ms;
    backoff->state = seed != 0 ? seed : 0x9e3779b97f4a7c15u;
}

int64_t backoff_next(backoff_t *backoff)
{
    int64_t step = backoff->step_ms, half = step / 2;
    uint64_t x = backoff->state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    backoff->state = x;
    backoff->step_ms = step >= backoff->max_ms / 2 ? backoff->max_ms : step * 2;
    return half + (int64_t)(x % (uint64_t)(step - half + 1));
}

void backoff_reset(backoff_t *backoff)
{
    backoff->step_ms = backoff->min_ms;
}

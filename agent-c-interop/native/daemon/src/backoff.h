/* backoff.h - reconnect delays: exponential from a minimum to a maximum, each wait drawn
 * between half and all of the step (docs/iothub.md: 1 s doubling to 2 min). */
#ifndef SA_BACKOFF_H
#define SA_BACKOFF_H

#include <stdint.h>

typedef struct backoff {
    int64_t min_ms;
    int64_t max_ms;
    int64_t step_ms;  /* the next step, before jitter */
    uint64_t state;   /* the jitter generator (xorshift) */
} backoff_t;

/* backoff_init - min_ms <= max_ms; seed: any value (0 is replaced). */
void backoff_init(backoff_t *backoff, int64_t min_ms, int64_t max_ms, uint64_t seed);
/* backoff_next - the next wait in milliseconds, in [step/2, step]; doubles the step. */
int64_t backoff_next(backoff_t *backoff);
/* backoff_reset - after a successful connection: back to the minimum. */
void backoff_reset(backoff_t *backoff);

#endif

/* utmp_poller.c - wtmp and btmp polled for Login (UtmpPoller). */
#include "utmp_poller.h"

#include "utmp_login_mapper.h"

void utmp_poller_init(utmp_poller_t *poller, sa_collector_t *collector, int from_start)
{
    poller->collector = collector;
    poller->status = SA_OK;
    utmp_tail_init(&poller->wtmp, &collector->os, "var/log/wtmp", from_start);
    utmp_tail_init(&poller->btmp, &collector->os, "var/log/btmp", from_start);
}

static void submit_one(const utmp_record_t *record, void *argument)
{
    utmp_poller_t *poller = argument;
    login_payload_t payload;
    if (!utmp_login_map(record, poller->failed, &poller->collector->os, poller->executable, poller->address, &payload))
        return;
    collector_keep_first(&poller->status, login_payload_submit(poller->collector, &payload, record->time_ms));
}

sa_status_t utmp_poller_poll(utmp_poller_t *poller)
{
    utmp_tail_t *tails[] = { &poller->wtmp, &poller->btmp };
    poller->status = SA_OK;
    for (int i = 0; i < 2; i++) {
        uint64_t before = tails[i]->malformed;
        poller->failed = i == 1;
        utmp_tail_read(tails[i], &poller->collector->os, poller->buffer, sizeof poller->buffer, submit_one, poller);
        poller->collector->counters[SA_COLLECTOR_MALFORMED] += tails[i]->malformed - before;
    }
    return poller->status;
}

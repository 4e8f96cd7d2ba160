/* utmp_poller.h - the wtmp/btmp source of Login (UtmpPoller): at each poll, the records appended
 * to var/log/wtmp (successes) and then var/log/btmp (failures) under the collector's root since
 * the last poll, mapped to Login items and submitted at their records' times. Records skipped as
 * malformed are added to the collector's Malformed counter. One loop polls. */
#ifndef SA_UTMP_POLLER_H
#define SA_UTMP_POLLER_H

#include "address_text.h"
#include "collector.h"
#include "login_payload.h"
#include "proc_file_system.h"
#include "utmp_tail.h"

typedef struct utmp_poller {
    sa_collector_t *collector; /* not owned */
    utmp_tail_t wtmp;
    utmp_tail_t btmp;
    int failed;                /* the tail being read is btmp's */
    sa_status_t status;        /* the first failure of this poll */
    char executable[PROC_EXECUTABLE_MAX];
    char address[ADDRESS_TEXT_MAX];
    uint8_t buffer[UTMP_RECORD_LENGTH * 32];
} utmp_poller_t;

/* utmp_poller_init - follows both files from their ends (history is not sent), or from their
 * starts when from_start (a recorded tree). */
void utmp_poller_init(utmp_poller_t *poller, sa_collector_t *collector, int from_start);

/* utmp_poller_poll - submits the logins appended since the last poll. Returns SA_OK or the
 * first failure to submit (the records are consumed either way). */
sa_status_t utmp_poller_poll(utmp_poller_t *poller);

#endif

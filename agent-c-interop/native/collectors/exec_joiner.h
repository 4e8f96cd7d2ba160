/* exec_joiner.h - joins proc connector execs to the audit records of the same execs, as the C#
 * agent's ExecJoiner, so that a process gone before /proc could be read still gets its
 * executable, command line, uid and parent, and /proc is not read at all for execs the audit
 * records describe.
 *
 * An exec waits, keyed by pid, for its audit exec (they come over two sockets, in either order;
 * the execs of one pid are matched first to first). What has waited wait_ms or longer, or is the
 * oldest when more than the capacity wait, is sent from /proc instead (Executable [unknown] and
 * ExtraDetails.Incomplete when the process is gone) and counted in unjoined; an exit of a waiting
 * process is held and sent after its create. An audit exec without proc connector exec within the
 * wait is dropped and counted in unmatched. When an exec waited out the limit and no audit exec
 * at all arrived meanwhile, audit is taken as not flowing (its rule removed, audit disabled by
 * someone else): execs are then read from /proc at once until an audit exec arrives again.
 *
 * Bounded: at most capacity execs and, apart, capacity audit execs wait (the C# default 4096);
 * their slots grow by doubling up to that. Time is given by the caller at each call (the agent's
 * clock, milliseconds): a create carries the time its exec was received, a held exit the time it
 * was. Events go out through the tracker (process_tracker.h). Not thread-safe. */
#ifndef SA_EXEC_JOINER_H
#define SA_EXEC_JOINER_H

#include <stddef.h>
#include <stdint.h>

#include "audit_exec_parser.h"
#include "proc_connector_parser.h"
#include "process_tracker.h"

#define EXEC_JOINER_DEFAULT_CAPACITY 4096
#define EXEC_JOINER_BUCKETS 1024 /* a power of two */

/* A waiting exec (the C# PendingExec) or audit exec (PendingAudit); slots are linked by index
 * (-1: none) into the wait order and into their pid's bucket, both oldest first. */
typedef struct exec_joiner_slot {
    int32_t older, newer;   /* the wait order */
    int32_t bucket_next;    /* the next slot of the same bucket (the free list when free) */
    uint32_t pid;
    int64_t received_ms;    /* the start of the wait (and an exec's event time) */
    uint64_t audits_seen;   /* exec: audit execs seen when it started waiting */
    int has_exit;           /* exec: the process exited while waiting */
    uint32_t exit_status;   /* exec: its wait status */
    int64_t exited_ms;      /* exec: when the exit was received */
    audit_exec_t audit;     /* audit: the exec (owned) */
} exec_joiner_slot_t;

/* One waiting set (execs, or audit execs). */
typedef struct exec_joiner_set {
    exec_joiner_slot_t *slots; /* owned; allocated slots */
    int32_t allocated;
    int32_t free_head;
    int32_t oldest, newest;
    int32_t buckets[EXEC_JOINER_BUCKETS];
    size_t count;
} exec_joiner_set_t;

typedef struct exec_joiner {
    process_tracker_t *tracker; /* not owned */
    sa_allocator_t *allocator;  /* not owned */
    int64_t wait_ms;
    size_t capacity;
    exec_joiner_set_t execs, audits;
    uint64_t audits_seen;
    int audit_flowing;          /* execs wait for audit (0 after audit stopped flowing) */
    uint64_t joined;            /* execs sent with what their audit records say */
    uint64_t unjoined;          /* execs sent from /proc: no audit exec in time, or too many waited */
    uint64_t unmatched;         /* audit execs dropped: no proc connector exec in time */
    sa_status_t status;         /* the first failure since the caller last cleared it */
} exec_joiner_t;

/* exec_joiner_init - an empty joiner over tracker; capacity >= 1, wait_ms >= 0. Allocates
 * nothing until something waits. */
void exec_joiner_init(exec_joiner_t *joiner, process_tracker_t *tracker, sa_allocator_t *allocator, int64_t wait_ms,
                      size_t capacity);

/* exec_joiner_release - frees what waits, sending nothing. */
void exec_joiner_release(exec_joiner_t *joiner);

/* exec_joiner_on_proc_event - one proc connector event at now_ms; sends what it lets be sent. */
void exec_joiner_on_proc_event(exec_joiner_t *joiner, const proc_event_t *event, int64_t now_ms);

/* exec_joiner_on_audit - one audit exec at now_ms; the joiner takes what exec owns (exec is
 * zeroed); sends what it lets be sent. */
void exec_joiner_on_audit(exec_joiner_t *joiner, audit_exec_t *exec, int64_t now_ms);

/* exec_joiner_expire - sends what waited wait_ms or longer at now_ms. */
void exec_joiner_expire(exec_joiner_t *joiner, int64_t now_ms);

/* exec_joiner_flush - sends every waiting exec from /proc and drops waiting audit execs (at
 * shutdown). */
void exec_joiner_flush(exec_joiner_t *joiner);

#endif

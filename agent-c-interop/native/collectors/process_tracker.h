/* process_tracker.h - proc connector events to ProcessCreate and ProcessTerminate, as the C#
 * agent's ProcessTracker: /proc read at exec time; per live process its parent and executable
 * remembered (at most PROCESS_TRACKER_CAPACITY), so that an exit names its executable and an
 * exec whose process is already gone still gets an event (Executable "[unknown]", ExtraDetails
 * Incomplete). Thread events (pid != tgid) are ignored. */
#ifndef SA_PROCESS_TRACKER_H
#define SA_PROCESS_TRACKER_H

#include "audit_exec_parser.h"
#include "collector.h"
#include "pid_table.h"
#include "proc_connector_parser.h"
#include "proc_file_system.h"
#include "user_directory.h"

#define PROCESS_TRACKER_CAPACITY 32768
#define PROCESS_UNKNOWN_EXECUTABLE "[unknown]"

typedef struct process_tracker {
    sa_collector_t *collector; /* not owned */
    pid_table_t known;
    user_directory_t users;
    process_info_t info;  /* scratch */
    char *command_line;   /* scratch, PROC_COMMAND_LINE_MAX bytes; owned */
    sa_status_t status;   /* the first failure of the last batch */
} process_tracker_t;

/* process_tracker_init - returns SA_OK or SA_ERR_NO_MEMORY. */
sa_status_t process_tracker_init(process_tracker_t *tracker, sa_collector_t *collector);
void process_tracker_release(process_tracker_t *tracker);
/* process_tracker_seed - remembers the processes alive now (their exits name executables). */
sa_status_t process_tracker_seed(process_tracker_t *tracker);
/* process_tracker_apply - one event; submits what it yields. A proc_connector_parse visitor
 * (argument: the tracker); failures are kept in tracker->status. */
void process_tracker_apply(const proc_event_t *event, void *argument);
/* process_tracker_apply_at - as process_tracker_apply, what it submits stamped time_ms (0: the
 * agent's clock); returns the failure instead of keeping it. */
sa_status_t process_tracker_apply_at(process_tracker_t *tracker, const proc_event_t *event, int64_t time_ms);
/* process_tracker_create_from_proc - the ProcessCreate of an exec read from /proc now (C#
 * CreateFromProc); gone: the process is known to have exited, /proc is not read (the pid may be
 * another process's by now) and the create is Incomplete. Stamped time_ms (0: agent's clock). */
sa_status_t process_tracker_create_from_proc(process_tracker_t *tracker, uint32_t pid, int gone, int64_t time_ms);
/* process_tracker_create_from_audit - the ProcessCreate of an exec the audit records describe
 * (C# CreateFromAudit): /proc is read only for an executable the records lack (Incomplete when
 * that fails too). */
sa_status_t process_tracker_create_from_audit(process_tracker_t *tracker, const audit_exec_t *exec, int64_t time_ms);
/* process_tracker_terminate - the ProcessTerminate of pid, which is forgotten. */
sa_status_t process_tracker_terminate(process_tracker_t *tracker, uint32_t pid, uint32_t wait_status, int64_t time_ms);
/* process_tracker_exit_status - the shell's convention: the exit code, or 128 + the signal. */
int64_t process_tracker_exit_status(uint32_t wait_status);
/* process_submit_create - a ProcessCreate item from what /proc said (shared with the poller);
 * stamped time_ms, or the agent's clock when 0 (so also process_submit_terminate). */
sa_status_t process_submit_create(sa_collector_t *collector, user_directory_t *users, uint32_t pid,
                                  const process_info_t *info, int64_t time_ms);
/* process_submit_terminate - a ProcessTerminate item. */
sa_status_t process_submit_terminate(sa_collector_t *collector, uint32_t pid, const char *executable,
                                     size_t length, int64_t exit_status, int64_t time_ms);
/* process_now_ms - a monotonic clock in milliseconds (the passwd re-read throttle). */
int64_t process_now_ms(void);

#endif

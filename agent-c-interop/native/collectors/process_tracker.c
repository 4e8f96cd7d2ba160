/* process_tracker.c - proc connector events to process events (see process_tracker.h). */
#define _GNU_SOURCE
#include "process_tracker.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

int64_t process_now_ms(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

sa_status_t process_tracker_init(process_tracker_t *tracker, sa_collector_t *collector)
{
    memset(tracker, 0, sizeof *tracker);
    tracker->collector = collector;
    pid_table_init(&tracker->known, collector->allocator, PROCESS_TRACKER_CAPACITY);
    user_directory_init(&tracker->users, collector->allocator);
    tracker->command_line = alloc_malloc(collector->allocator, PROC_COMMAND_LINE_MAX);
    return tracker->command_line == NULL ? SA_ERR_NO_MEMORY : SA_OK;
}

void process_tracker_release(process_tracker_t *tracker)
{
    if (tracker->collector == NULL)
        return;
    pid_table_release(&tracker->known);
    user_directory_release(&tracker->users);
    alloc_free(tracker->collector->allocator, tracker->command_line);
    tracker->command_line = NULL;
}

static int seed_one(uint32_t pid, void *argument)
{
    process_tracker_t *tracker = argument;
    if (tracker->known.count >= PROCESS_TRACKER_CAPACITY)
        return 1;
    ssize_t n = proc_read_executable(&tracker->collector->os, pid, tracker->info.executable);
    if (pid_table_put(&tracker->known, pid, 0, n >= 0 ? tracker->info.executable : NULL, n >= 0 ? (size_t)n : 0) < 0) {
        tracker->status = SA_ERR_NO_MEMORY;
        return 1;
    }
    return 0;
}

sa_status_t process_tracker_seed(process_tracker_t *tracker)
{
    tracker->status = SA_OK;
    (void)proc_list(&tracker->collector->os, seed_one, tracker);
    return tracker->status;
}

int64_t process_tracker_exit_status(uint32_t wait_status)
{
    uint32_t signal = wait_status & 0x7f;
    return signal == 0 ? (int64_t)((wait_status >> 8) & 0xff) : 128 + (int64_t)signal;
}

/* Stamps the event just begun with time_ms, unless 0 (then the agent's clock stays). */
static sa_status_t stamp(sa_collector_t *c, sa_status_t status, int64_t time_ms)
{
    return status == SA_OK && time_ms != 0 ? sa_event_set_timestamp(c->event, time_ms) : status;
}

/* Begins a ProcessCreate with its fields, not submitted yet: executable NULL is the unknown
 * one, and without a command line the executable stands for it (empty when unknown). The /proc
 * and the audit exec paths both build theirs here, so they cannot drift apart. */
static sa_status_t begin_create(sa_collector_t *c, user_directory_t *users, uint32_t pid, uint32_t parent, uint32_t uid,
                                const char *executable, size_t executable_length, const char *command_line,
                                size_t command_line_length, int64_t time_ms)
{
    char text[16];
    size_t name_length;
    int uid_length = snprintf(text, sizeof text, "%u", (unsigned)uid);
    sa_status_t status = stamp(c, collector_begin(c, "ProcessCreate"), time_ms);
    if (status == SA_OK)
        status = executable != NULL ? collector_set_text(c, "Executable", executable, executable_length)
                                    : collector_set_text(c, "Executable", PROCESS_UNKNOWN_EXECUTABLE,
                                                         strlen(PROCESS_UNKNOWN_EXECUTABLE));
    if (status == SA_OK)
        status = collector_set_int(c, "ProcessId", pid);
    if (status == SA_OK)
        status = collector_set_int(c, "ParentProcessId", parent);
    if (status == SA_OK)
        status = collector_set_text(c, "UserId", text, (size_t)uid_length);
    if (status == SA_OK)
        status = command_line_length > 0
                     ? collector_set_text(c, "CommandLine", command_line, command_line_length)
                     : collector_set_text(c, "CommandLine", executable != NULL ? executable : "", executable_length);
    const char *name = user_directory_name_of(users, &c->os, uid, process_now_ms(), &name_length);
    if (status == SA_OK && name != NULL)
        status = collector_set_text(c, "UserName", name, name_length);
    return status;
}

sa_status_t process_submit_create(sa_collector_t *c, user_directory_t *users, uint32_t pid,
                                  const process_info_t *info, int64_t time_ms)
{
    sa_status_t status = begin_create(c, users, pid, info->parent, info->uid, info->executable, info->executable_length,
                                      info->command_line, info->command_line_length, time_ms);
    return status == SA_OK ? collector_submit(c) : status;
}

sa_status_t process_submit_terminate(sa_collector_t *c, uint32_t pid, const char *executable, size_t length,
                                     int64_t exit_status, int64_t time_ms)
{
    sa_status_t status = stamp(c, collector_begin(c, "ProcessTerminate"), time_ms);
    if (executable == NULL) {
        executable = PROCESS_UNKNOWN_EXECUTABLE;
        length = strlen(PROCESS_UNKNOWN_EXECUTABLE);
    }
    if (status == SA_OK)
        status = collector_set_text(c, "Executable", executable, length);
    if (status == SA_OK)
        status = collector_set_int(c, "ProcessId", pid);
    if (status == SA_OK)
        status = collector_set_int(c, "ExitStatus", exit_status);
    return status == SA_OK ? collector_submit(c) : status;
}

/* An exec whose process was gone (or whose image could not be read) before /proc was read. */
static sa_status_t submit_incomplete(process_tracker_t *tracker, uint32_t pid, int have_info, uint32_t parent,
                                     int64_t time_ms)
{
    sa_collector_t *c = tracker->collector;
    process_info_t *info = &tracker->info;
    char uid[16], note[128];
    int uid_length = snprintf(uid, sizeof uid, "%u", have_info ? (unsigned)info->uid : 0u);
    int note_length = have_info && info->name_length > 0
                          ? snprintf(note, sizeof note, "exited before /proc was read (%.*s)", (int)info->name_length,
                                     info->name)
                          : snprintf(note, sizeof note, "exited before /proc was read");
    c->counters[SA_COLLECTOR_INCOMPLETE]++;
    sa_status_t status = stamp(c, collector_begin(c, "ProcessCreate"), time_ms);
    if (status == SA_OK)
        status = collector_set_text(c, "Executable", PROCESS_UNKNOWN_EXECUTABLE, strlen(PROCESS_UNKNOWN_EXECUTABLE));
    if (status == SA_OK)
        status = collector_set_int(c, "ProcessId", pid);
    if (status == SA_OK)
        status = collector_set_int(c, "ParentProcessId", parent);
    if (status == SA_OK)
        status = collector_set_text(c, "UserId", uid, (size_t)uid_length);
    if (status == SA_OK)
        status = collector_set_text(c, "CommandLine", info->command_line, have_info ? info->command_line_length : 0);
    if (status == SA_OK)
        status = collector_set_detail(c, "Incomplete", note, (size_t)note_length);
    return status == SA_OK ? collector_submit(c) : status;
}

sa_status_t process_tracker_create_from_proc(process_tracker_t *tracker, uint32_t pid, int gone, int64_t time_ms)
{
    process_info_t *info = &tracker->info;
    int have_info = !gone && proc_read(&tracker->collector->os, pid, info, tracker->command_line);
    pid_entry_t *remembered = pid_table_find(&tracker->known, pid);
    if (!have_info || !info->has_executable) {
        uint32_t parent = have_info ? info->parent : (remembered != NULL ? remembered->parent : 0);
        if (pid_table_put(&tracker->known, pid, parent, NULL, 0) < 0)
            return SA_ERR_NO_MEMORY;
        return submit_incomplete(tracker, pid, have_info, parent, time_ms);
    }
    if (pid_table_put(&tracker->known, pid, info->parent, info->executable, info->executable_length) < 0)
        return SA_ERR_NO_MEMORY;
    return process_submit_create(tracker->collector, &tracker->users, pid, info, time_ms);
}

sa_status_t process_tracker_create_from_audit(process_tracker_t *tracker, const audit_exec_t *exec, int64_t time_ms)
{
    sa_collector_t *c = tracker->collector;
    const char *executable = exec->executable;
    size_t executable_length = exec->executable_length;
    static const char incomplete[] = "no executable in the audit record";
    if (!exec->has_executable) {
        ssize_t n = proc_read_executable(&c->os, exec->pid, tracker->info.executable);
        executable = n >= 0 ? tracker->info.executable : NULL;
        executable_length = n >= 0 ? (size_t)n : 0;
    }
    if (executable == NULL)
        c->counters[SA_COLLECTOR_INCOMPLETE]++;
    if (pid_table_put(&tracker->known, exec->pid, exec->parent, executable, executable_length) < 0)
        return SA_ERR_NO_MEMORY;
    sa_status_t status = begin_create(c, &tracker->users, exec->pid, exec->parent, exec->uid, executable,
                                      executable_length, exec->command_line, exec->command_line_length, time_ms);
    if (status == SA_OK && executable == NULL)
        status = collector_set_detail(c, "Incomplete", incomplete, sizeof incomplete - 1);
    return status == SA_OK ? collector_submit(c) : status;
}

sa_status_t process_tracker_terminate(process_tracker_t *tracker, uint32_t pid, uint32_t wait_status, int64_t time_ms)
{
    char *executable = NULL;
    size_t length = 0;
    pid_table_remove(&tracker->known, pid, &executable, &length);
    sa_status_t status = process_submit_terminate(tracker->collector, pid, executable, length,
                                                  process_tracker_exit_status(wait_status), time_ms);
    alloc_free(tracker->collector->allocator, executable);
    return status;
}

sa_status_t process_tracker_apply_at(process_tracker_t *tracker, const proc_event_t *event, int64_t time_ms)
{
    if (event->pid != event->tgid)
        return SA_OK;
    if (event->kind == PROC_EVENT_FORK) {
        if (tracker->known.count < PROCESS_TRACKER_CAPACITY) {
            pid_entry_t *parent = pid_table_find(&tracker->known, event->parent);
            if (pid_table_put(&tracker->known, event->tgid, event->parent, parent != NULL ? parent->executable : NULL,
                              parent != NULL ? parent->executable_length : 0) < 0)
                return SA_ERR_NO_MEMORY;
        }
        return SA_OK;
    }
    if (event->kind == PROC_EVENT_EXEC)
        return process_tracker_create_from_proc(tracker, event->tgid, 0, time_ms);
    if (event->kind == PROC_EVENT_EXIT)
        return process_tracker_terminate(tracker, event->tgid, event->status, time_ms);
    return SA_OK;
}

void process_tracker_apply(const proc_event_t *event, void *argument)
{
    process_tracker_t *tracker = argument;
    collector_keep_first(&tracker->status, process_tracker_apply_at(tracker, event, 0));
}

/* proc_file_system.c - /proc under a root (see proc_file_system.h). */
#define _GNU_SOURCE
#include "proc_file_system.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "text_scan.h"

#define STATUS_MAX 4096

int proc_parse_status(const char *status, size_t length, uint32_t *parent, uint32_t *uid, char *name,
                      size_t *name_length)
{
    int have_parent = 0, have_uid = 0;
    size_t at = 0;
    uint64_t value;
    *name_length = 0;
    while (at < length && !(have_parent && have_uid)) {
        const char *line = status + at;
        const char *newline = memchr(line, '\n', length - at);
        size_t n = newline == NULL ? length - at : (size_t)(newline - line);
        at += n + (newline != NULL);
        const char *colon = memchr(line, ':', n);
        if (colon == NULL || colon == line)
            continue;
        size_t key = (size_t)(colon - line), v = key + 1;
        while (v < n && (line[v] == '\t' || line[v] == ' '))
            v++;
        if (text_equals(line, key, "Name")) {
            size_t keep = n - v < PROC_NAME_MAX - 1 ? n - v : PROC_NAME_MAX - 1;
            memcpy(name, line + v, keep);
            *name_length = keep;
        } else if (text_equals(line, key, "PPid")) {
            have_parent = text_parse_decimal(line + v, n - v, UINT32_MAX, &value);
            *parent = have_parent ? (uint32_t)value : 0;
        } else if (text_equals(line, key, "Uid")) {
            size_t stop = v;
            while (stop < n && line[stop] != '\t' && line[stop] != ' ')
                stop++;
            have_uid = text_parse_decimal(line + v, stop - v, UINT32_MAX, &value);
            *uid = have_uid ? (uint32_t)value : 0;
        }
    }
    return have_parent && have_uid;
}

ssize_t proc_read_executable(const os_source_t *os, uint32_t pid, char *buffer)
{
    char path[32];
    snprintf(path, sizeof path, "proc/%u/exe", (unsigned)pid);
    ssize_t n = os_source_link_text(os, path, buffer, PROC_EXECUTABLE_MAX, 0);
    return n < 0 ? -1 : n;
}

int proc_read(const os_source_t *os, uint32_t pid, process_info_t *info, char *command_line)
{
    char path[32], status[STATUS_MAX];
    snprintf(path, sizeof path, "proc/%u/status", (unsigned)pid);
    ssize_t n = os->ops->read(os, path, status, sizeof status);
    if (n <= 0 || !proc_parse_status(status, (size_t)n, &info->parent, &info->uid, info->name, &info->name_length))
        return 0;
    ssize_t exe = proc_read_executable(os, pid, info->executable);
    info->has_executable = exe >= 0;
    info->executable_length = exe >= 0 ? (size_t)exe : 0;
    info->command_line = command_line;
    info->command_line_length = 0;
    if (command_line != NULL) {
        snprintf(path, sizeof path, "proc/%u/cmdline", (unsigned)pid);
        ssize_t m = os->ops->read(os, path, command_line, PROC_COMMAND_LINE_MAX);
        size_t length = m > 0 ? (size_t)m : 0;
        while (length > 0 && command_line[length - 1] == 0)
            length--;
        for (size_t i = 0; i < length; i++)
            if (command_line[i] == 0)
                command_line[i] = ' ';
        info->command_line_length = length;
    }
    return 1;
}

typedef struct list_run {
    int (*visit)(uint32_t pid, void *argument);
    void *argument;
} list_run_t;

static int visit_entry(const char *name, void *argument)
{
    list_run_t *run = argument;
    uint64_t pid;
    if (!text_parse_decimal(name, strlen(name), UINT32_MAX, &pid))
        return 0;
    return run->visit((uint32_t)pid, run->argument);
}

int proc_list(const os_source_t *os, int (*visit)(uint32_t pid, void *argument), void *argument)
{
    list_run_t run = { visit, argument };
    return os->ops->list(os, "proc", visit_entry, &run);
}

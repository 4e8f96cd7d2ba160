/* proc_file_system.h - processes read from <root>/proc as the C# agent's ProcFileSystem reads
 * them: status (PPid, real Uid, Name), the exe link, the NUL-separated cmdline, the pid list. */
#ifndef SA_PROC_FILE_SYSTEM_H
#define SA_PROC_FILE_SYSTEM_H

#include <stddef.h>
#include <stdint.h>

#include "os_source.h"

#define PROC_EXECUTABLE_MAX 4096
#define PROC_COMMAND_LINE_MAX (32u << 10)
#define PROC_NAME_MAX 64

typedef struct process_info {
    uint32_t parent;
    uint32_t uid;
    char name[PROC_NAME_MAX]; /* comm, at most 63 bytes kept */
    size_t name_length;
    int has_executable;
    char executable[PROC_EXECUTABLE_MAX];
    size_t executable_length;
    char *command_line;       /* the caller's buffer of PROC_COMMAND_LINE_MAX bytes, or NULL */
    size_t command_line_length; /* arguments joined by spaces; 0 for kernel threads, zombies */
} process_info_t;

/* proc_read_status - parses PPid, the real Uid and Name from status bytes; 1 when both PPid and
 * Uid were found (Name may stay empty). */
int proc_parse_status(const char *status, size_t length, uint32_t *parent, uint32_t *uid, char *name,
                      size_t *name_length);

/* proc_read - reads one process; 0 when it is gone or unreadable (no status). command_line:
 * a buffer of PROC_COMMAND_LINE_MAX bytes for the command line, or NULL to skip it. */
int proc_read(const os_source_t *os, uint32_t pid, process_info_t *info, char *command_line);

/* proc_read_executable - the exe link of pid into buffer (PROC_EXECUTABLE_MAX); its length,
 * or -1 when unreadable. */
ssize_t proc_read_executable(const os_source_t *os, uint32_t pid, char *buffer);

/* proc_list - calls visit for each numeric entry of <root>/proc in directory order; stops
 * early when visit returns non-zero. Returns 0 or -errno. */
int proc_list(const os_source_t *os, int (*visit)(uint32_t pid, void *argument), void *argument);

#endif

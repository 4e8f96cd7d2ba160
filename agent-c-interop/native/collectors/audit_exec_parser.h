/* audit_exec_parser.h - one audit event (SYSCALL + EXECVE; CWD, PATH and PROCTITLE ignored) of a
 * successful execve or execveat, named by the record's own arch= and syscall=, read into an
 * audit_exec_t, as the C# agent's AuditExecParser. The arguments come from EXECVE records:
 * argc, then aN="literal" or aN=HEX (the kernel hex-encodes an argument holding a space, a quote
 * or a control character), or for a long argument aN_len=L and its chunks aN[i]=...; a large
 * command line spans several EXECVE records. Tokens before the first valid argc are ignored, a
 * later direct aN replaces an earlier one, chunks are used only for an argument without a direct
 * value (all as the C# parser does). Memory is bounded by the records' text: one entry per
 * argument token, not per argc.
 *
 * See also: exec_joiner.h (what the execs are joined to), audit_record_parser.h. */
#ifndef SA_AUDIT_EXEC_PARSER_H
#define SA_AUDIT_EXEC_PARSER_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "audit_record_parser.h"

#define AUDIT_EXEC_MAX_ARGC (1 << 20) /* a larger argc is ignored, as the C# parser does */

/* What the audit records of one exec say about the new image (the C# AuditExec). */
typedef struct audit_exec {
    uint32_t pid;              /* SYSCALL pid */
    uint32_t parent;           /* SYSCALL ppid */
    uint32_t uid;              /* SYSCALL uid (the real one) */
    int has_executable;        /* 0: the kernel gave none (exe absent, empty or "(null)") */
    char *executable;          /* owned, NUL-terminated; NULL without one */
    size_t executable_length;
    char *command_line;        /* owned, NUL-terminated (possibly empty): the arguments joined by spaces */
    size_t command_line_length;
} audit_exec_t;

/* audit_exec_parse - the exec of records[0..count). Returns 1 and *exec (release it with
 * audit_exec_release); 0 when the event is not a successful execve/execveat, or when it is one
 * without pid, ppid, uid or EXECVE record (counted in *malformed); -1 when memory failed (*exec
 * holds nothing). */
int audit_exec_parse(const audit_record_t *records, size_t count, sa_allocator_t *allocator, audit_exec_t *exec,
                     uint64_t *malformed);

/* audit_exec_release - frees what exec owns; a zeroed exec is a no-op. */
void audit_exec_release(audit_exec_t *exec, sa_allocator_t *allocator);

#endif

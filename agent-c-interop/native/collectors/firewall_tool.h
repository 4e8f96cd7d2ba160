/* firewall_tool.h - runs one firewall tool (iptables-save, ip6tables-save, nft) as the C#
 * FirewallTool does: found on PATH then /usr/sbin, /sbin, /usr/bin, /bin; started without a
 * shell (posix_spawn), in a named network namespace through `ip netns exec NAME`; standard
 * output kept up to a cap, standard error kept for the error text; killed (its whole process
 * group) after the timeout; always reaped. */
#ifndef SA_FIREWALL_TOOL_H
#define SA_FIREWALL_TOOL_H

#include <stddef.h>

#include "alloc.h"

typedef struct firewall_tool {
    const char *network_namespace; /* NULL or "": the agent's own */
    int timeout_seconds;           /* 1 to 300 */
    size_t output_limit;           /* bytes of standard output kept; more is a failure */
} firewall_tool_t;

typedef enum firewall_tool_result {
    FIREWALL_TOOL_OK = 0,
    FIREWALL_TOOL_MISSING = 1, /* not installed: no output, not an error */
    FIREWALL_TOOL_FAILED = -1, /* error holds why */
    FIREWALL_TOOL_NO_MEMORY = -2
} firewall_tool_result_t;

/* firewall_tool_find - the full path of a tool into path (capacity bytes); 0, or -1 when it
 * is not installed (or the path does not fit). */
int firewall_tool_find(const char *name, char *path, size_t capacity);

/*
 * firewall_tool_run - runs `name` (found by firewall_tool_find) with arguments (NULL-terminated).
 * On FIREWALL_TOOL_OK *output (on allocator, NUL-terminated, the caller frees it) holds
 * *length bytes of standard output. On FIREWALL_TOOL_FAILED error holds the reason as the C#
 * agent words it ("nft exited with 1: <standard error>", "... ran longer than 15 s").
 */
firewall_tool_result_t firewall_tool_run(const firewall_tool_t *tool, sa_allocator_t *allocator, const char *name,
                                         const char *const *arguments, char **output, size_t *length, char *error,
                                         size_t error_capacity);

/* firewall_tool_exec - the same for a program given by its full argv (argv[0] its path), `name`
 * naming it in messages: the runner the tests drive directly. */
firewall_tool_result_t firewall_tool_exec(const firewall_tool_t *tool, sa_allocator_t *allocator, const char *name,
                                          const char *const *argv, char **output, size_t *length, char *error,
                                          size_t error_capacity);

#endif

/* user_directory.h - uid to user name from <root>/etc/passwd, as the C# agent's UserDirectory:
 * every line split by ':' with at least three fields and a plain decimal uid, the first name of
 * a uid kept; the file is looked at at most once a second and re-read when it changed. */
#ifndef SA_USER_DIRECTORY_H
#define SA_USER_DIRECTORY_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "os_source.h"

typedef struct user_name {
    uint32_t uid;
    uint32_t offset; /* of the name in text */
    uint32_t length;
} user_name_t;

typedef struct user_directory {
    sa_allocator_t *allocator;
    char *text;        /* the passwd file read last; owned */
    user_name_t *names; /* owned */
    size_t count;
    int64_t stamp;     /* modification time of what was read; INT64_MIN: never */
    int64_t checked_ms; /* when the file was last looked at; INT64_MIN: never */
} user_directory_t;

void user_directory_init(user_directory_t *directory, sa_allocator_t *allocator);
void user_directory_release(user_directory_t *directory);
/* user_directory_name_of - the name of uid, or NULL (*length 0); now_ms is a monotonic clock.
 * The name stays valid until the next call. */
const char *user_directory_name_of(user_directory_t *directory, const os_source_t *os, uint32_t uid,
                                   int64_t now_ms, size_t *length);

#endif

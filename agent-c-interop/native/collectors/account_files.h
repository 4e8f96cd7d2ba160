/* account_files.h - /etc/passwd and /etc/group lines (name:x:id:...), read as the C# agent's
 * AccountFiles reads them: lines as File.ReadLines cuts them; blank, comment ('#') and NIS
 * ('+', '-') lines skipped; a line with fewer than four fields, an empty name or an id that is
 * not a plain decimal uint32 is malformed (skipped and counted). */
#ifndef SA_ACCOUNT_FILES_H
#define SA_ACCOUNT_FILES_H

#include <stddef.h>
#include <stdint.h>

typedef struct account_entry {
    const char *name; /* spans of the text, not NUL-terminated */
    size_t name_length;
    uint32_t id;        /* passwd: uid; group: gid */
    uint32_t group_id;  /* passwd: the primary gid */
    const char *members; /* group: the raw member list (field 4) */
    size_t members_length;
} account_entry_t;

/* account_files_parse - calls visit for each good entry of text in file order (group: whether
 * text is a group file); stops early when visit returns non-zero. Returns the number of
 * malformed lines. */
uint64_t account_files_parse(const char *text, size_t length, int group, int (*visit)(const account_entry_t *entry,
                             void *argument), void *argument);

/* account_files_next_member - the next member of a ','-separated list at *position, trimmed of
 * white space, empty ones skipped (Split with RemoveEmptyEntries | TrimEntries). 0 at the end. */
int account_files_next_member(const char *list, size_t length, size_t *position, const char **member,
                              size_t *member_length);

#endif

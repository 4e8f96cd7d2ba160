/* account_files.c - passwd and group line parsing. */
#include "account_files.h"

#include <string.h>

#include "text_scan.h"

/* The field index-th (from 0) of a ':'-separated line; 0 when the line has fewer fields. */
static int field(const char *line, size_t length, int index, const char **start, size_t *field_length)
{
    size_t begin = 0;
    for (int i = 0; i < index; i++) {
        const char *colon = memchr(line + begin, ':', length - begin);
        if (colon == NULL)
            return 0;
        begin = (size_t)(colon - line) + 1;
    }
    const char *colon = memchr(line + begin, ':', length - begin);
    *start = line + begin;
    *field_length = colon == NULL ? length - begin : (size_t)(colon - (line + begin));
    return 1;
}

uint64_t account_files_parse(const char *text, size_t length, int group, int (*visit)(const account_entry_t *entry,
                             void *argument), void *argument)
{
    size_t position = 0, start, end;
    uint64_t malformed = 0;
    while (text_next_line(text, length, &position, &start, &end, TEXT_LINES_READLINES)) {
        const char *line = text + start;
        size_t n = end - start;
        if (n == 0 || line[0] == '#' || line[0] == '+' || line[0] == '-' || text_is_white(text, start, end))
            continue;
        account_entry_t entry = { 0 };
        const char *id, *fourth;
        size_t id_length, fourth_length;
        uint64_t value, second;
        if (!field(line, n, 0, &entry.name, &entry.name_length) || !field(line, n, 3, &fourth, &fourth_length)
            || entry.name_length == 0 || !field(line, n, 2, &id, &id_length)
            || !text_parse_decimal(id, id_length, UINT32_MAX, &value)
            || (!group && !text_parse_decimal(fourth, fourth_length, UINT32_MAX, &second))) {
            malformed++;
            continue;
        }
        entry.id = (uint32_t)value;
        if (group) {
            entry.members = fourth;
            entry.members_length = fourth_length;
        } else {
            entry.group_id = (uint32_t)second;
        }
        if (visit(&entry, argument) != 0)
            break;
    }
    return malformed;
}

int account_files_next_member(const char *list, size_t length, size_t *position, const char **member,
                              size_t *member_length)
{
    while (*position <= length && length > 0) {
        const char *comma = memchr(list + *position, ',', length - *position);
        size_t start = *position, end = comma == NULL ? length : (size_t)(comma - list);
        *position = end + 1;
        text_trim(list, &start, &end);
        if (end > start) {
            *member = list + start;
            *member_length = end - start;
            return 1;
        }
        if (comma == NULL)
            break;
    }
    return 0;
}

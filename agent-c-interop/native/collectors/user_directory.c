/* user_directory.c - uid to user name (see user_directory.h). */
#include "user_directory.h"

#include <string.h>

#include "text_scan.h"

#define FILE_LIMIT (16u << 20)

void user_directory_init(user_directory_t *directory, sa_allocator_t *allocator)
{
    memset(directory, 0, sizeof *directory);
    directory->allocator = allocator;
    directory->stamp = INT64_MIN;
    directory->checked_ms = INT64_MIN;
}

void user_directory_release(user_directory_t *directory)
{
    alloc_free(directory->allocator, directory->names);
    alloc_free(directory->allocator, directory->text);
    directory->names = NULL;
    directory->text = NULL;
    directory->count = 0;
}

/* Parses text into names (first name of a uid kept); returns 0 or -1 (out of memory). */
static int parse(user_directory_t *directory, char *text, size_t length)
{
    size_t position = 0, start, end, lines = 0, count = 0;
    while (text_next_line(text, length, &position, &start, &end, TEXT_LINES_READLINES))
        lines++;
    user_name_t *names = lines == 0 ? NULL : alloc_calloc(directory->allocator, lines, sizeof *names);
    if (lines != 0 && names == NULL)
        return -1;
    position = 0;
    while (text_next_line(text, length, &position, &start, &end, TEXT_LINES_READLINES)) {
        const char *first = memchr(text + start, ':', end - start);
        if (first == NULL)
            continue;
        size_t password = (size_t)(first - text) + 1;
        const char *second = memchr(text + password, ':', end - password);
        if (second == NULL)
            continue;
        /* the third field is the uid; the line needs at least three fields */
        size_t id = (size_t)(second - text) + 1;
        const char *third = memchr(text + id, ':', end - id);
        size_t id_end = third == NULL ? end : (size_t)(third - text);
        uint64_t uid;
        if (!text_parse_decimal(text + id, id_end - id, UINT32_MAX, &uid))
            continue;
        int known = 0;
        for (size_t i = 0; i < count && !known; i++)
            known = names[i].uid == uid;
        if (!known)
            names[count++] = (user_name_t){ (uint32_t)uid, (uint32_t)start, (uint32_t)(first - (text + start)) };
    }
    user_directory_release(directory);
    directory->text = text;
    directory->names = names;
    directory->count = count;
    return 0;
}

const char *user_directory_name_of(user_directory_t *directory, const os_source_t *os, uint32_t uid,
                                   int64_t now_ms, size_t *length)
{
    *length = 0;
    if (directory->checked_ms == INT64_MIN || now_ms - directory->checked_ms >= 1000) {
        int64_t stamp;
        directory->checked_ms = now_ms;
        if (os->ops->modified(os, "etc/passwd", &stamp) == 0 && stamp != directory->stamp) {
            char *text = NULL;
            size_t text_length = 0;
            if (os_source_read_all(os, directory->allocator, "etc/passwd", FILE_LIMIT, &text, &text_length) == 0) {
                if (parse(directory, text, text_length) == 0)
                    directory->stamp = stamp;
                else
                    alloc_free(directory->allocator, text);
            }
        }
    }
    for (size_t i = 0; i < directory->count; i++)
        if (directory->names[i].uid == uid) {
            *length = directory->names[i].length;
            return directory->text + directory->names[i].offset;
        }
    return NULL;
}

/* text_scan.c - .NET-compatible line breaks, white space and integer parsing on byte spans. */
#include "text_scan.h"

#include <string.h>

#include "hex_digit.h"

/* The length of the break at text[i] in this mode, or 0. */
static size_t break_at(const char *text, size_t length, size_t i, text_lines_t mode)
{
    unsigned char c = (unsigned char)text[i];
    if (c == '\n')
        return 1;
    if (mode == TEXT_LINES_LF)
        return 0;
    if (c == '\r')
        return (i + 1 < length && text[i + 1] == '\n') ? 2 : 1;
    if (mode == TEXT_LINES_READLINES)
        return 0;
    if (c == '\f')
        return 1;
    if (c == 0xC2 && i + 1 < length && (unsigned char)text[i + 1] == 0x85)
        return 2;
    if (c == 0xE2 && i + 2 < length && (unsigned char)text[i + 1] == 0x80
        && ((unsigned char)text[i + 2] == 0xA8 || (unsigned char)text[i + 2] == 0xA9))
        return 3;
    return 0;
}

int text_next_line(const char *text, size_t length, size_t *position, size_t *start, size_t *end, text_lines_t mode)
{
    size_t i = *position;
    if (i >= length)
        return 0;
    *start = i;
    for (; i < length; i++) {
        size_t n = break_at(text, length, i, mode);
        if (n != 0) {
            *end = i;
            *position = i + n;
            return 1;
        }
    }
    *end = length;
    *position = length;
    return 1;
}

/* The UTF-8 length of a white-space character starting at text[i] (before end), or 0. */
static size_t white_at(const char *text, size_t i, size_t end)
{
    const unsigned char *s = (const unsigned char *)text + i;
    size_t left = end - i;
    if (s[0] == ' ' || (s[0] >= 0x09 && s[0] <= 0x0D))
        return 1;
    if (left >= 2 && s[0] == 0xC2 && (s[1] == 0x85 || s[1] == 0xA0))
        return 2;
    if (left >= 3) {
        unsigned int cp = ((unsigned int)(s[0] & 0x0F) << 12) | ((unsigned int)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80
            && (cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F
                || cp == 0x205F || cp == 0x3000))
            return 3;
    }
    return 0;
}

/* The UTF-8 length of a white-space character ending just before text[end] (after start), or 0. */
static size_t white_before(const char *text, size_t start, size_t end)
{
    for (size_t n = 1; n <= 3 && n <= end - start; n++)
        if (white_at(text, end - n, end) == n)
            return n;
    return 0;
}

void text_trim(const char *text, size_t *start, size_t *end)
{
    size_t n;
    while (*start < *end && (n = white_at(text, *start, *end)) != 0)
        *start += n;
    while (*end > *start && (n = white_before(text, *start, *end)) != 0)
        *end -= n;
}

int text_is_white(const char *text, size_t start, size_t end)
{
    text_trim(text, &start, &end);
    return start == end;
}

int text_parse_decimal(const char *text, size_t length, uint64_t maximum, uint64_t *value)
{
    uint64_t v = 0;
    if (length == 0)
        return 0;
    for (size_t i = 0; i < length; i++) {
        if (text[i] < '0' || text[i] > '9')
            return 0;
        unsigned digit = (unsigned)(text[i] - '0');
        if (v > (maximum - digit) / 10)
            return 0;
        v = v * 10 + digit;
    }
    *value = v;
    return 1;
}

static int ascii_white(char c)
{
    return c == ' ' || (c >= 0x09 && c <= 0x0D);
}

int text_parse_hex32(const char *text, size_t length, uint32_t *value)
{
    size_t start = 0, end = length;
    while (start < end && ascii_white(text[start]))
        start++;
    while (end > start && ascii_white(text[end - 1]))
        end--;
    if (start == end)
        return 0;
    uint32_t v = 0;
    int significant = 0;
    for (size_t i = start; i < end; i++) {
        int digit = hex_digit_value(text[i]);
        if (digit < 0)
            return 0;
        if (significant > 0 || digit != 0)
            significant++;
        if (significant > 8)
            return 0;
        v = (v << 4) | (uint32_t)digit;
    }
    *value = v;
    return 1;
}

int text_equals(const char *text, size_t length, const char *word)
{
    return strlen(word) == length && memcmp(text, word, length) == 0;
}

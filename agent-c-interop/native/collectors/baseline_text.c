/* baseline_text.c - .NET comparison and number rules for OSBaseline (baseline_text.h). */
#include "baseline_text.h"

static unsigned char fold(unsigned char c)
{
    return c >= 'a' && c <= 'z' ? (unsigned char)(c - 'a' + 'A') : c;
}

int baseline_equals_ignore_case(const char *a, size_t a_length, const char *b, size_t b_length)
{
    if (a_length != b_length)
        return 0;
    for (size_t i = 0; i < a_length; i++)
        if (fold((unsigned char)a[i]) != fold((unsigned char)b[i]))
            return 0;
    return 1;
}

int baseline_parse_long(const char *text, size_t length, int64_t *value)
{
    size_t i = 0;
    int negative = 0;
    uint64_t magnitude = 0;
    if (i < length && (text[i] == '+' || text[i] == '-'))
        negative = text[i++] == '-';
    size_t digits = i;
    for (; i < length && text[i] >= '0' && text[i] <= '9'; i++) {
        unsigned digit = (unsigned)(text[i] - '0');
        if (magnitude > (UINT64_MAX - digit) / 10)
            return 0;
        magnitude = magnitude * 10 + digit;
    }
    if (i == digits)
        return 0;
    for (; i < length; i++)
        if (text[i] != 0)
            return 0;
    if (magnitude > (uint64_t)INT64_MAX + (uint64_t)negative)
        return 0;
    *value = negative ? (int64_t)(0 - magnitude) : (int64_t)magnitude;
    return 1;
}

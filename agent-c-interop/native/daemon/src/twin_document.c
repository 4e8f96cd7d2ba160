/* twin_document.c - a span scanner over well-formed JSON. */
#include "twin_document.h"

#include <stdint.h>
#include <string.h>

typedef struct span {
    const char *p;
    const char *end;
} span_t;

static void skip_space(span_t *s)
{
    while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
        s->p++;
}

/* At a '"': moves past the closing quote. */
static void skip_string(span_t *s)
{
    s->p++;
    while (s->p < s->end && *s->p != '"')
        s->p += *s->p == '\\' ? 2 : 1;
    if (s->p < s->end)
        s->p++;
}

/* At the start of a value: moves past it. */
static void skip_value(span_t *s)
{
    int depth = 0;
    do {
        skip_space(s);
        if (s->p >= s->end)
            return;
        if (*s->p == '"') {
            skip_string(s);
        } else if (*s->p == '{' || *s->p == '[') {
            depth++;
            s->p++;
        } else if (*s->p == '}' || *s->p == ']') {
            depth--;
            s->p++;
        } else if (*s->p == ',' || *s->p == ':') {
            s->p++;
        } else {
            while (s->p < s->end && strchr(",:]} \t\r\n", *s->p) == NULL)
                s->p++;
        }
    } while (depth > 0 && s->p < s->end);
}

/* In an object span (at its '{'): finds member `key`, leaving *value at its value. */
static int find_member(span_t object, const char *key, span_t *value)
{
    size_t key_length = strlen(key);
    span_t s = object;
    skip_space(&s);
    if (s.p >= s.end || *s.p != '{')
        return -1;
    s.p++;
    for (;;) {
        const char *name, *name_end;
        skip_space(&s);
        if (s.p >= s.end || *s.p != '"')
            return -1;
        name = s.p + 1;
        skip_string(&s);
        name_end = s.p - 1;
        skip_space(&s);
        if (s.p >= s.end || *s.p != ':')
            return -1;
        s.p++;
        skip_space(&s);
        if ((size_t)(name_end - name) == key_length && memcmp(name, key, key_length) == 0) {
            value->p = s.p;
            value->end = s.end;
            return 0;
        }
        skip_value(&s);
        skip_space(&s);
        if (s.p >= s.end || *s.p != ',')
            return -1;
        s.p++;
    }
}

int twin_document_find_configuration(const char *text, size_t length, const char *object_name, const char **start,
                                     size_t *config_length, int64_t *version)
{
    span_t whole = {text, text + length}, desired, member;
    *start = "{}";
    *config_length = 2;
    *version = -1;
    if (find_member(whole, "desired", &desired) != 0 || *desired.p != '{')
        return -1;
    if (find_member(desired, "$version", &member) == 0) {
        int64_t v = 0;
        const char *p = member.p;
        while (p < member.end && *p >= '0' && *p <= '9' && v < INT64_MAX / 10 - 10)
            v = v * 10 + (*p++ - '0');
        if (p > member.p)
            *version = v;
    }
    if (find_member(desired, object_name, &member) == 0 && *member.p == '{') {
        span_t value = member;
        skip_value(&value);
        *start = member.p;
        *config_length = (size_t)(value.p - member.p);
    }
    return 0;
}

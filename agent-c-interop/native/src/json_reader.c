/* json_reader.c - the strict JSON parser (see json_reader.h). */
#include "json_reader.h"

#include <string.h>

#include "hex_digit.h"
#include "utf8.h"

typedef struct parser {
    json_document_t *doc;
    const unsigned char *s;
    size_t n;
    size_t i;
    const char *error;
    int out_of_memory;
    unsigned flags;     /* json_parse_options_t.flags */
    unsigned max_depth; /* json_parse_options_t.max_depth, at most JSON_MAX_DEPTH_LIMIT */
} parser_t;

static int fail(parser_t *p, const char *why)
{
    if (p->error == NULL)
        p->error = why;
    return -1;
}

/* Skips a comment at p->i when comments are allowed: 1 skipped, 0 none there, -1 unterminated.
 * A line comment ends at CR, LF, U+2028 or U+2029, as in System.Text.Json. */
static int skip_comment(parser_t *p)
{
    if (!(p->flags & JSON_ALLOW_COMMENTS) || p->n - p->i < 2 || p->s[p->i] != '/')
        return 0;
    if (p->s[p->i + 1] == '/') {
        p->i += 2;
        while (p->i < p->n && p->s[p->i] != '\n' && p->s[p->i] != '\r'
               && !(p->n - p->i >= 3 && p->s[p->i] == 0xE2 && p->s[p->i + 1] == 0x80
                    && (p->s[p->i + 2] == 0xA8 || p->s[p->i + 2] == 0xA9)))
            p->i++;
        return 1;
    }
    if (p->s[p->i + 1] != '*')
        return 0;
    for (size_t k = p->i + 2; k + 1 < p->n; k++)
        if (p->s[k] == '*' && p->s[k + 1] == '/') {
            p->i = k + 2;
            return 1;
        }
    return fail(p, "unterminated comment");
}

static int skip_space(parser_t *p)
{
    for (;;) {
        while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
            p->i++;
        int comment = skip_comment(p);
        if (comment <= 0)
            return comment;
    }
}

static int new_node(parser_t *p, json_type_t type, uint32_t *index)
{
    json_document_t *d = p->doc;
    if (d->count == d->capacity) {
        uint32_t capacity = d->capacity == 0 ? 16 : d->capacity * 2;
        int keep_spans = (p->flags & JSON_KEEP_SPANS) != 0;
        json_node_t *nodes = alloc_malloc(d->allocator, capacity * sizeof *nodes);
        json_span_t *spans = keep_spans ? alloc_malloc(d->allocator, capacity * sizeof *spans) : NULL;
        if (nodes == NULL || (keep_spans && spans == NULL)) {
            alloc_free(d->allocator, nodes);
            alloc_free(d->allocator, spans);
            p->out_of_memory = 1;
            return fail(p, "out of memory");
        }
        if (d->count > 0) {
            memcpy(nodes, d->nodes, d->count * sizeof *nodes);
            if (keep_spans)
                memcpy(spans, d->spans, d->count * sizeof *spans);
        }
        alloc_free(d->allocator, d->nodes);
        alloc_free(d->allocator, d->spans);
        d->nodes = nodes;
        d->spans = spans;
        d->capacity = capacity;
    }
    json_node_t *node = &d->nodes[d->count];
    memset(node, 0, sizeof *node);
    node->type = (uint8_t)type;
    *index = d->count++;
    return 0;
}

static int read_hex4(parser_t *p, unsigned *value)
{
    if (p->n - p->i < 4)
        return fail(p, "truncated \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; k++) {
        int h = hex_digit_value(p->s[p->i + (size_t)k]);
        if (h < 0)
            return fail(p, "bad \\u escape");
        v = v * 16 + (unsigned)h;
    }
    p->i += 4;
    *value = v;
    return 0;
}

static void put_code_point(sa_buffer_t *b, unsigned cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    buffer_append(b, u, n);
}

/* Decodes the string at p->i (on the opening quote) into doc->strings. */
static int read_string(parser_t *p, uint32_t *offset, uint32_t *length)
{
    sa_buffer_t *b = &p->doc->strings;
    size_t start = b->length;
    p->i++;
    for (;;) {
        size_t run = p->i;
        while (p->i < p->n && p->s[p->i] != '"' && p->s[p->i] != '\\' && p->s[p->i] >= 0x20)
            p->i++;
        if (!utf8_is_valid((const char *)p->s + run, p->i - run))
            return fail(p, "invalid UTF-8 in a string");
        buffer_append(b, p->s + run, p->i - run);
        if (p->i >= p->n)
            return fail(p, "unterminated string");
        unsigned char c = p->s[p->i];
        if (c == '"') {
            p->i++;
            break;
        }
        if (c < 0x20)
            return fail(p, "control character in a string");
        p->i++; /* backslash */
        if (p->i >= p->n)
            return fail(p, "unterminated escape");
        c = p->s[p->i++];
        switch (c) {
        case '"': buffer_append_char(b, '"'); break;
        case '\\': buffer_append_char(b, '\\'); break;
        case '/': buffer_append_char(b, '/'); break;
        case 'b': buffer_append_char(b, '\b'); break;
        case 'f': buffer_append_char(b, '\f'); break;
        case 'n': buffer_append_char(b, '\n'); break;
        case 'r': buffer_append_char(b, '\r'); break;
        case 't': buffer_append_char(b, '\t'); break;
        case 'u': {
            unsigned cp;
            if (read_hex4(p, &cp) != 0)
                return -1;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return fail(p, "lone low surrogate");
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                unsigned low;
                if (p->n - p->i < 2 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u')
                    return fail(p, "lone high surrogate");
                p->i += 2;
                if (read_hex4(p, &low) != 0)
                    return -1;
                if (low < 0xDC00 || low > 0xDFFF)
                    return fail(p, "bad surrogate pair");
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            put_code_point(b, cp);
            break;
        }
        default:
            return fail(p, "bad escape");
        }
    }
    if (b->failed) {
        p->out_of_memory = 1;
        return fail(p, "out of memory");
    }
    *offset = (uint32_t)start;
    *length = (uint32_t)(b->length - start);
    return 0;
}

/* magnitude * 10, or 0 with *overflow set when it does not fit. */
static uint64_t times_ten(uint64_t magnitude, unsigned digit, int *overflow)
{
    if (magnitude > (UINT64_MAX - digit) / 10) {
        *overflow = 1;
        return 0;
    }
    return magnitude * 10 + digit;
}

/* Reads an RFC 8259 number. is_integer is set when its value is a whole number that fits
 * int64, whatever its spelling (8192, 8192.0, 8.192e3): core-rules section 8 takes a number
 * with no fractional part as an integer. Fraction zeros are held back until a non-zero digit
 * follows, so that 8192.000... never overflows; the exponent is capped (a huge one overflows). */
static int read_number(parser_t *p, json_node_t *node)
{
    int negative = 0, overflow = 0, exponent_negative = 0;
    uint64_t magnitude = 0;
    long fraction_digits = 0, pending_zeros = 0, exponent = 0;
    if (p->s[p->i] == '-') {
        negative = 1;
        p->i++;
    }
    if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
        return fail(p, "bad number");
    if (p->s[p->i] == '0') {
        p->i++;
    } else {
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
            if (!overflow)
                magnitude = times_ten(magnitude, (unsigned)(p->s[p->i] - '0'), &overflow);
            p->i++;
        }
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
            return fail(p, "bad fraction");
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
            unsigned digit = (unsigned)(p->s[p->i] - '0');
            if (digit == 0) {
                pending_zeros++;
            } else {
                for (; pending_zeros > 0 && !overflow; pending_zeros--, fraction_digits++)
                    magnitude = times_ten(magnitude, 0, &overflow);
                if (!overflow)
                    magnitude = times_ten(magnitude, digit, &overflow);
                fraction_digits++;
                pending_zeros = 0;
            }
            p->i++;
        }
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            exponent_negative = p->s[p->i++] == '-';
        if (p->i >= p->n || p->s[p->i] < '0' || p->s[p->i] > '9')
            return fail(p, "bad exponent");
        while (p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9') {
            if (exponent < 1000000)
                exponent = exponent * 10 + (p->s[p->i] - '0');
            p->i++;
        }
    }
    if (overflow)
        return 0;
    if (magnitude == 0) {
        node->is_integer = 1;
        node->integer = 0;
        return 0;
    }
    exponent = (exponent_negative ? -exponent : exponent) - fraction_digits;
    for (; exponent < 0 && magnitude % 10 == 0; exponent++)
        magnitude /= 10;
    if (exponent < 0)
        return 0;
    for (; exponent > 0 && !overflow; exponent--)
        magnitude = times_ten(magnitude, 0, &overflow);
    if (!overflow && magnitude <= (uint64_t)INT64_MAX + (uint64_t)negative) {
        node->is_integer = 1;
        node->integer = negative ? (int64_t)(0 - magnitude) : (int64_t)magnitude;
    }
    return 0;
}

static int literal(parser_t *p, const char *word)
{
    size_t n = strlen(word);
    if (p->n - p->i < n || memcmp(p->s + p->i, word, n) != 0)
        return fail(p, "unexpected character");
    p->i += n;
    return 0;
}

static int read_value(parser_t *p, unsigned depth, uint32_t *out);

/* Keeps the text of the number node `index` (source bytes start..p->i) in the strings. */
static int keep_number_text(parser_t *p, uint32_t index, size_t start)
{
    sa_buffer_t *b = &p->doc->strings;
    size_t offset = b->length;
    buffer_append(b, p->s + start, p->i - start);
    if (b->failed) {
        p->out_of_memory = 1;
        return fail(p, "out of memory");
    }
    p->doc->nodes[index].string_offset = (uint32_t)offset;
    p->doc->nodes[index].string_length = (uint32_t)(p->i - start);
    return 0;
}

static int read_container(parser_t *p, unsigned depth, uint32_t index, int object)
{
    char close = object ? '}' : ']';
    uint32_t last = 0;
    p->i++;
    if (skip_space(p) != 0)
        return -1;
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        return 0;
    }
    for (;;) {
        uint32_t key_offset = 0, key_length = 0, child;
        if (skip_space(p) != 0)
            return -1;
        if (object) {
            if (p->i >= p->n || p->s[p->i] != '"')
                return fail(p, "expected a member name");
            if (read_string(p, &key_offset, &key_length) != 0)
                return -1;
            if (skip_space(p) != 0)
                return -1;
            if (p->i >= p->n || p->s[p->i] != ':')
                return fail(p, "expected ':'");
            p->i++;
        }
        if (read_value(p, depth + 1, &child) != 0)
            return -1;
        json_node_t *nodes = p->doc->nodes;
        nodes[child].key_offset = key_offset;
        nodes[child].key_length = key_length;
        if (last == 0)
            nodes[index].child = child;
        else
            nodes[last].next = child;
        last = child;
        if (skip_space(p) != 0)
            return -1;
        if (p->i >= p->n)
            return fail(p, "unterminated array or object");
        if (p->s[p->i] == ',') {
            p->i++;
            if (p->flags & JSON_ALLOW_TRAILING_COMMAS) {
                if (skip_space(p) != 0)
                    return -1;
                if (p->i < p->n && p->s[p->i] == close) {
                    p->i++;
                    return 0;
                }
            }
            continue;
        }
        if (p->s[p->i] == close) {
            p->i++;
            return 0;
        }
        return fail(p, "expected ',' or a closing bracket");
    }
}

static int read_typed(parser_t *p, unsigned depth, json_type_t type, uint32_t index);

static int read_value(parser_t *p, unsigned depth, uint32_t *out)
{
    if (p->max_depth == 0 && depth > JSON_MAX_DEPTH)
        return fail(p, "nested too deeply");
    if (skip_space(p) != 0)
        return -1;
    if (p->i >= p->n)
        return fail(p, "unexpected end of input");
    unsigned char c = p->s[p->i];
    uint32_t index;
    json_type_t type = c == '{' ? JSON_OBJECT : c == '[' ? JSON_ARRAY : c == '"' ? JSON_STRING
                     : c == 't' ? JSON_TRUE : c == 'f' ? JSON_FALSE : c == 'n' ? JSON_NULL : JSON_NUMBER;
    /* System.Text.Json's MaxDepth: at most max_depth containers nested, the innermost may still hold scalars */
    if (p->max_depth != 0 && depth >= p->max_depth && (type == JSON_OBJECT || type == JSON_ARRAY))
        return fail(p, "nested too deeply");
    if (new_node(p, type, &index) != 0)
        return -1;
    *out = index;
    size_t start = p->i;
    if (read_typed(p, depth, type, index) != 0)
        return -1;
    if (type == JSON_NUMBER && (p->flags & JSON_KEEP_NUMBER_TEXT) && keep_number_text(p, index, start) != 0)
        return -1;
    if (p->doc->spans != NULL) {
        p->doc->spans[index].offset = (uint32_t)start;
        p->doc->spans[index].length = (uint32_t)(p->i - start);
    }
    return 0;
}

/* Reads the value of node `index`, whose first byte (at p->i) gave its type. */
static int read_typed(parser_t *p, unsigned depth, json_type_t type, uint32_t index)
{
    switch (type) {
    case JSON_OBJECT: return read_container(p, depth, index, 1);
    case JSON_ARRAY: return read_container(p, depth, index, 0);
    case JSON_STRING: {
        uint32_t offset, length;
        if (read_string(p, &offset, &length) != 0)
            return -1;
        p->doc->nodes[index].string_offset = offset;
        p->doc->nodes[index].string_length = length;
        return 0;
    }
    case JSON_TRUE: return literal(p, "true");
    case JSON_FALSE: return literal(p, "false");
    case JSON_NULL: return literal(p, "null");
    default: return read_number(p, &p->doc->nodes[index]);
    }
}

int json_parse(json_document_t *doc, sa_allocator_t *allocator, const char *text, size_t length,
               size_t *error_offset, const char **error)
{
    return json_parse_with(doc, allocator, text, length, NULL, error_offset, error);
}

int json_parse_with(json_document_t *doc, sa_allocator_t *allocator, const char *text, size_t length,
                    const json_parse_options_t *options, size_t *error_offset, const char **error)
{
    memset(doc, 0, sizeof *doc);
    doc->allocator = allocator;
    buffer_init(&doc->strings, allocator);
    parser_t p = {doc, (const unsigned char *)text, length, 0, NULL, 0, 0, 0};
    if (options != NULL) {
        p.flags = options->flags;
        p.max_depth = options->max_depth < JSON_MAX_DEPTH_LIMIT ? options->max_depth : JSON_MAX_DEPTH_LIMIT;
    }
    uint32_t root;
    int result = 0;
    if (length > 16u * 1024u * 1024u)
        result = fail(&p, "input too large");
    else if (read_value(&p, 0, &root) != 0)
        result = -1;
    else if (skip_space(&p) != 0)
        result = -1;
    else {
        if (p.i != p.n)
            result = fail(&p, "text after the value");
    }
    if (result != 0) {
        *error_offset = p.i;
        *error = p.error;
        return p.out_of_memory ? -2 : -1;
    }
    return 0;
}

void json_release(json_document_t *doc)
{
    alloc_free(doc->allocator, doc->nodes);
    alloc_free(doc->allocator, doc->spans);
    buffer_release(&doc->strings);
    doc->nodes = NULL;
    doc->spans = NULL;
    doc->count = doc->capacity = 0;
}

int json_key_is(const json_document_t *doc, uint32_t node, const char *key)
{
    const json_node_t *n = &doc->nodes[node];
    size_t length = strlen(key);
    return n->key_length == length && (length == 0 || memcmp(doc->strings.data + n->key_offset, key, length) == 0);
}

uint32_t json_member(const json_document_t *doc, uint32_t object, const char *key)
{
    uint32_t found = 0;
    if (doc->nodes[object].type != JSON_OBJECT)
        return 0;
    for (uint32_t c = doc->nodes[object].child; c != 0; c = doc->nodes[c].next)
        if (json_key_is(doc, c, key))
            found = c;
    return found;
}

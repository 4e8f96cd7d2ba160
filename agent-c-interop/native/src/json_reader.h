/* json_reader.h - a small, strict JSON parser (RFC 8259) for twin documents: a flat node
 * array, strings decoded and checked as UTF-8, integers as int64, depth and size bounded. */
#ifndef SA_JSON_READER_H
#define SA_JSON_READER_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "buffer.h"

#define JSON_MAX_DEPTH 32

typedef enum json_type { JSON_NULL, JSON_FALSE, JSON_TRUE, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type_t;

typedef struct json_node {
    uint8_t type;       /* json_type_t */
    uint8_t is_integer; /* numbers: a whole value (8192, 8192.0, 8.192e3) that fits int64 */
    uint32_t next;      /* next sibling, 0 = none (node 0 is the root, never a sibling) */
    uint32_t child;     /* first child of an array or object, 0 = none */
    uint32_t key_offset, key_length;       /* members: the decoded key, in strings */
    uint32_t string_offset, string_length; /* strings: the decoded value, in strings */
    int64_t integer;
} json_node_t;

/* The bytes of one value in the parsed text, as it was written (System.Text.Json's GetRawText). */
typedef struct json_span {
    uint32_t offset, length;
} json_span_t;

typedef struct json_document {
    sa_allocator_t *allocator;
    json_node_t *nodes;
    uint32_t count;
    uint32_t capacity;
    sa_buffer_t strings;
    json_span_t *spans; /* json_parse_spans only: spans[i] is node i's text; else NULL */
} json_document_t;

/*
 * json_parse - parses text (length bytes, at most 16 MiB) into doc. Returns 0 on success;
 * -1 for malformed JSON, with *error_offset the byte where it went wrong and *error a static
 * reason; -2 when memory ran out.
 */
int json_parse(json_document_t *doc, sa_allocator_t *allocator, const char *text, size_t length,
               size_t *error_offset, const char **error);
/*
 * json_parse_spans - json_parse with each node's raw text kept in doc->spans, and depth bounded
 * as System.Text.Json's JsonDocument bounds it: at most max_depth nested arrays and objects
 * (its default is 64), scalars at any depth. Same returns as json_parse.
 */
int json_parse_spans(json_document_t *doc, sa_allocator_t *allocator, const char *text, size_t length,
                     unsigned max_depth, size_t *error_offset, const char **error);
/* json_release - frees a document (also after a failed parse). */
void json_release(json_document_t *doc);
/* json_member - the value of member `key` of object node `object` (the last one if repeated), or 0. */
uint32_t json_member(const json_document_t *doc, uint32_t object, const char *key);
/* json_key_is - 1 if member node `node` has key `key`. */
int json_key_is(const json_document_t *doc, uint32_t node, const char *key);

#endif

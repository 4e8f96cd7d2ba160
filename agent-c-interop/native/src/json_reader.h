/* json_reader.h - a small, strict JSON parser (RFC 8259) for twin documents: a flat node
 * array, strings decoded and checked as UTF-8, integers as int64, depth and size bounded;
 * json_parse_with adds System.Text.Json's relaxations and raw text where a caller asks. */
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
    json_span_t *spans; /* JSON_KEEP_SPANS only: spans[i] is node i's text; else NULL */
} json_document_t;

/*
 * json_parse - parses text (length bytes, at most 16 MiB) into doc. Returns 0 on success;
 * -1 for malformed JSON, with *error_offset the byte where it went wrong and *error a static
 * reason; -2 when memory ran out. See also json_parse_with.
 */
int json_parse(json_document_t *doc, sa_allocator_t *allocator, const char *text, size_t length,
               size_t *error_offset, const char **error);
/*
 * The choices of json_parse_with. Zeroed options (or NULL) are json_parse: strict RFC 8259,
 * values nested at most JSON_MAX_DEPTH deep. The relaxations are System.Text.Json's, for the
 * documents the C# agent reads with them (OSBaseline's hand-written check files; nft's output).
 */
#define JSON_ALLOW_COMMENTS 1u        /* // to the line's end and block comments, as white space (CommentHandling.Skip) */
#define JSON_ALLOW_TRAILING_COMMAS 2u /* [1,2,] and {"a":1,} (AllowTrailingCommas) */
#define JSON_KEEP_NUMBER_TEXT 4u      /* numbers keep their text, copied into strings (string_offset/length) */
#define JSON_KEEP_SPANS 8u            /* doc->spans[i]: node i's raw text in the parsed text (GetRawText) */

/* System.Text.Json's default MaxDepth (JsonDocumentOptions, JsonReaderOptions). */
#define JSON_DOTNET_MAX_DEPTH 64u
/* The largest max_depth honoured (a larger one is taken as this): the parser recurses per level. */
#define JSON_MAX_DEPTH_LIMIT 256u

typedef struct json_parse_options {
    unsigned flags;     /* JSON_ALLOW_COMMENTS, JSON_ALLOW_TRAILING_COMMAS, JSON_KEEP_NUMBER_TEXT, JSON_KEEP_SPANS */
    unsigned max_depth; /* 0: json_parse's bound; else as System.Text.Json's MaxDepth: at most this
                         * many arrays and objects nested, scalars allowed inside the innermost */
} json_parse_options_t;

/*
 * json_parse_with - json_parse as options say (NULL: json_parse exactly). With JSON_KEEP_SPANS
 * the spans are offsets into text, which the caller keeps while it reads through them; everything else the
 * document holds itself. Same returns as json_parse.
 */
int json_parse_with(json_document_t *doc, sa_allocator_t *allocator, const char *text, size_t length,
                    const json_parse_options_t *options, size_t *error_offset, const char **error);
/* json_release - frees a document (also after a failed parse). */
void json_release(json_document_t *doc);
/* json_member - the value of member `key` of object node `object` (the last one if repeated), or 0. */
uint32_t json_member(const json_document_t *doc, uint32_t object, const char *key);
/* json_key_is - 1 if member node `node` has key `key`. */
int json_key_is(const json_document_t *doc, uint32_t node, const char *key);

#endif

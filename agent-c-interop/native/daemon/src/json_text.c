/* json_text.c - a path of member names walked over a parsed document. */
#include "json_text.h"

#include <string.h>

#include "json_reader.h"

int json_text_get(const char *text, size_t length, const char *const *path, char *out, size_t capacity)
{
    sa_allocator_t allocator;
    json_document_t document;
    const json_node_t *node;
    size_t error_offset;
    const char *reason;
    uint32_t at = 0;
    int rc = -1;

    memset(&allocator, 0, sizeof allocator);
    memset(&document, 0, sizeof document);
    if (json_parse(&document, &allocator, text, length, &error_offset, &reason) != 0)
        goto cleanup;
    for (size_t i = 0; path[i] != NULL; i++) {
        if (document.nodes[at].type != JSON_OBJECT)
            goto cleanup;
        at = json_member(&document, at, path[i]);
        if (at == 0)
            goto cleanup;
    }
    node = &document.nodes[at];
    if (node->type != JSON_STRING || node->string_length >= capacity ||
        memchr(document.strings.data + node->string_offset, '\0', node->string_length) != NULL)
        goto cleanup;
    memcpy(out, document.strings.data + node->string_offset, node->string_length);
    out[node->string_length] = '\0';
    rc = 0;
cleanup:
    json_release(&document);
    return rc;
}

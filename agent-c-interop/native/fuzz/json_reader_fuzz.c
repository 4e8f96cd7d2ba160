/* json_reader_fuzz.c - libFuzzer target: any bytes through json_parse_with, the first two bytes
 * choosing the options (flags, max_depth) and whether an allocation fails. Checks: only the
 * documented results; raw spans inside the text, each opening as its type does and nested in
 * its parent's; number texts equal to their spans; strings valid UTF-8; keeping spans changes
 * no answer; a document json_parse reads is read alike by every relaxation; nothing leaks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json_reader.h"
#include "utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char opening[] = {[JSON_NULL] = 'n', [JSON_FALSE] = 'f', [JSON_TRUE] = 't', [JSON_NUMBER] = 0,
                               [JSON_STRING] = '"', [JSON_ARRAY] = '[', [JSON_OBJECT] = '{'};

static void check_document(const json_document_t *doc, const char *text, size_t length, unsigned flags)
{
    if (doc->count == 0 || ((flags & JSON_KEEP_SPANS) != 0) != (doc->spans != NULL))
        abort();
    for (uint32_t i = 0; i < doc->count; i++) {
        const json_node_t *node = &doc->nodes[i];
        if (node->type == JSON_STRING && !utf8_is_valid(doc->strings.data + node->string_offset, node->string_length))
            abort();
        if (doc->spans == NULL)
            continue;
        json_span_t span = doc->spans[i];
        if (span.length == 0 || span.offset > length || span.length > length - span.offset)
            abort();
        char first = text[span.offset];
        if (node->type == JSON_NUMBER ? !(first == '-' || (first >= '0' && first <= '9')) : first != opening[node->type])
            abort();
        if (node->type == JSON_NUMBER && (flags & JSON_KEEP_NUMBER_TEXT)
            && (node->string_length != span.length
                || memcmp(doc->strings.data + node->string_offset, text + span.offset, span.length) != 0))
            abort();
        for (uint32_t c = node->child; c != 0; c = doc->nodes[c].next)
            if (doc->spans[c].offset <= span.offset
                || doc->spans[c].offset + doc->spans[c].length >= span.offset + span.length)
                abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    sa_allocator_t allocator = {0, 0, 0, 0};
    json_parse_options_t options = {data[0] & 15u, data[1] == 0 ? 0 : data[1] % 80u};
    const char *text = (const char *)data + 2;
    size_t length = size - 2;
    size_t offset;
    const char *error;
    json_document_t doc, other;

    int result = json_parse_with(&doc, &allocator, text, length, &options, &offset, &error);
    if (result != 0 && result != -1)
        abort();
    if (result == 0)
        check_document(&doc, text, length, options.flags);
    else if (error == NULL || offset > length)
        abort();

    /* keeping spans or not changes no answer */
    json_parse_options_t toggled = {options.flags ^ JSON_KEEP_SPANS, options.max_depth};
    if (json_parse_with(&other, &allocator, text, length, &toggled, &offset, &error) != result
        || (result == 0 && other.count != doc.count))
        abort();
    json_release(&other);

    /* what the strict reader takes, every relaxation takes alike (same depth rule) */
    if (options.max_depth == 0 && json_parse(&other, &allocator, text, length, &offset, &error) == 0) {
        if (result != 0 || other.count != doc.count)
            abort();
        for (uint32_t i = 0; i < doc.count; i++)
            if (doc.nodes[i].type != other.nodes[i].type || doc.nodes[i].next != other.nodes[i].next
                || doc.nodes[i].child != other.nodes[i].child)
                abort();
    }
    json_release(&other);
    json_release(&doc);

    /* an allocation failing somewhere: out of memory or the same answer, and nothing held */
    if (data[0] & 0x80u) {
        allocator.fail_after = 1 + length % 8;
        int failed = json_parse_with(&other, &allocator, text, length, &options, &offset, &error);
        allocator.fail_after = 0;
        if (failed != result && failed != -2)
            abort();
        json_release(&other);
    }
    if (allocator.bytes != 0)
        abort();
    return 0;
}

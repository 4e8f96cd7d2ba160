/* json_reader_test.c - json_parse_with's options (comments, trailing commas, number text, raw
 * spans, System.Text.Json's depth bound), and that plain json_parse still refuses them. */
#include "test_support.h"

#include <stdio.h>

#include "alloc.h"
#include "json_reader.h"

#define RELAXED (JSON_ALLOW_COMMENTS | JSON_ALLOW_TRAILING_COMMAS | JSON_KEEP_NUMBER_TEXT)

static sa_allocator_t allocator;

/* flags with System.Text.Json's depth bound, or json_parse's when flags is 0 */
static int parse(const char *text, unsigned flags, json_document_t *doc)
{
    size_t offset;
    const char *error;
    const json_parse_options_t options = {flags, flags == 0 ? 0 : JSON_DOTNET_MAX_DEPTH};
    return json_parse_with(doc, &allocator, text, strlen(text), &options, &offset, &error);
}

static int parse_depth(const char *text, unsigned max_depth, json_document_t *doc)
{
    size_t offset;
    const char *error;
    const json_parse_options_t options = {JSON_KEEP_SPANS, max_depth};
    return json_parse_with(doc, &allocator, text, strlen(text), &options, &offset, &error);
}

/* n nested arrays around a scalar when scalar is set, else the innermost empty */
static void nest(char *text, size_t n, int scalar)
{
    memset(text, '[', n);
    size_t i = n;
    if (scalar)
        text[i++] = '7';
    memset(text + i, ']', n);
    text[i + n] = '\0';
}

static void comments_and_trailing_commas_are_white_space_when_allowed(void **state)
{
    (void)state;
    const char *text = "// a line comment\n{ /* block */ \"a\": [1, 2, ], // why\r\"b\": \"x\", }\n/* end */";
    json_document_t doc;
    assert_int_equal(parse(text, RELAXED, &doc), 0);
    uint32_t a = json_member(&doc, 0, "a");
    assert_int_equal(doc.nodes[a].type, JSON_ARRAY);
    uint32_t b = json_member(&doc, 0, "b");
    assert_int_equal(doc.nodes[b].type, JSON_STRING);
    json_release(&doc);
    assert_int_equal(parse(text, 0, &doc), -1);
    json_release(&doc);
    assert_int_equal(parse("[1,]", 0, &doc), -1);
    json_release(&doc);
    assert_int_equal(parse("{\"a\":1,}", JSON_ALLOW_COMMENTS, &doc), -1);
    json_release(&doc);
    assert_int_equal(parse("[1 /* c */]", JSON_ALLOW_TRAILING_COMMAS, &doc), -1);
    json_release(&doc);
}

static void bad_relaxed_input_is_refused(void **state)
{
    (void)state;
    const char *bad[] = {"[,]", "[1,,]", "{,}", "[1] /* unterminated", "[1] / 2", "{\"a\":1,,}", "/", "[1,]]", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_document_t doc;
        assert_int_equal(parse(bad[i], RELAXED, &doc), -1);
        json_release(&doc);
    }
}

static void numbers_keep_their_text(void **state)
{
    (void)state;
    json_document_t doc;
    assert_int_equal(parse("{\"a\": 8192.0, \"b\": -1e3, \"c\": 99999999999999999999}", RELAXED, &doc), 0);
    const char *expected[] = {"8192.0", "-1e3", "99999999999999999999"};
    const char *keys[] = {"a", "b", "c"};
    for (int i = 0; i < 3; i++) {
        uint32_t n = json_member(&doc, 0, keys[i]);
        assert_int_equal(doc.nodes[n].string_length, strlen(expected[i]));
        assert_memory_equal(doc.strings.data + doc.nodes[n].string_offset, expected[i], strlen(expected[i]));
    }
    assert_int_equal(doc.nodes[json_member(&doc, 0, "a")].integer, 8192);
    assert_null(doc.spans);
    json_release(&doc);
}

/* JSON_KEEP_SPANS: each node's text as written (GetRawText), escapes and white space inside
 * containers included; without it no spans are kept. */
static void spans_keep_each_values_raw_text(void **state)
{
    (void)state;
    const char *text = " {\"a\" : [ 1.50 , \"x\\u00e9\" ],\"b\":{ \"c\":-0e+1 },\"d\":true,\"e\":null } ";
    const char *raw[] = {"{\"a\" : [ 1.50 , \"x\\u00e9\" ],\"b\":{ \"c\":-0e+1 },\"d\":true,\"e\":null }",
                         "[ 1.50 , \"x\\u00e9\" ]", "1.50", "\"x\\u00e9\"", "{ \"c\":-0e+1 }", "-0e+1", "true", "null"};
    json_document_t doc;
    assert_int_equal(parse(text, JSON_KEEP_SPANS, &doc), 0);
    assert_non_null(doc.spans);
    assert_int_equal(doc.count, sizeof raw / sizeof raw[0]);
    for (uint32_t i = 0; i < doc.count; i++) {
        assert_int_equal(doc.spans[i].length, strlen(raw[i]));
        assert_memory_equal(text + doc.spans[i].offset, raw[i], strlen(raw[i]));
    }
    uint32_t a = json_member(&doc, 0, "a");
    uint32_t s = doc.nodes[doc.nodes[a].child].next; /* the string is still decoded */
    assert_int_equal(doc.nodes[s].string_length, 3);
    assert_memory_equal(doc.strings.data + doc.nodes[s].string_offset, "x\xc3\xa9", 3);
    json_release(&doc);
    assert_int_equal(parse(text, JSON_ALLOW_COMMENTS, &doc), 0);
    assert_null(doc.spans);
    json_release(&doc);
}

static void depth_64_as_system_text_json(void **state)
{
    (void)state;
    char text[300];
    json_document_t doc;
    memset(text, 0, sizeof text);
    memset(text, '[', 64);
    memset(text + 64, ']', 64);
    assert_int_equal(parse(text, RELAXED, &doc), 0);
    json_release(&doc);
    assert_int_equal(parse(text, 0, &doc), -1); /* strict: 32 */
    json_release(&doc);
    memset(text, 0, sizeof text);
    memset(text, '[', 65);
    memset(text + 65, ']', 65);
    assert_int_equal(parse(text, RELAXED, &doc), -1);
    json_release(&doc);
}

/* max_depth as System.Text.Json's MaxDepth: containers counted, scalars allowed inside the
 * innermost; a bound over JSON_MAX_DEPTH_LIMIT is taken as the limit. */
static void max_depth_counts_containers(void **state)
{
    (void)state;
    char text[2 * 300 + 2];
    json_document_t doc;
    nest(text, 3, 1);
    assert_int_equal(parse_depth(text, 3, &doc), 0);
    assert_int_equal(doc.count, 4);
    json_release(&doc);
    nest(text, 4, 0);
    assert_int_equal(parse_depth(text, 3, &doc), -1);
    json_release(&doc);
    nest(text, 1, 1);
    assert_int_equal(parse_depth(text, 1, &doc), 0);
    json_release(&doc);
    assert_int_equal(parse_depth("{\"a\":{}}", 1, &doc), -1);
    json_release(&doc);
    nest(text, JSON_MAX_DEPTH_LIMIT, 1);
    assert_int_equal(parse_depth(text, 100000, &doc), 0);
    json_release(&doc);
    nest(text, JSON_MAX_DEPTH_LIMIT + 1, 0);
    assert_int_equal(parse_depth(text, 100000, &doc), -1);
    json_release(&doc);
}

/* NULL or zeroed options are json_parse: the same result, place and reason for every input,
 * among them its depth bound (values at most 32 deep: 33 arrays when the innermost is empty). */
static void zeroed_options_are_json_parse(void **state)
{
    (void)state;
    char deep[4][80];
    nest(deep[0], 33, 0);
    nest(deep[1], 34, 0);
    nest(deep[2], 32, 1);
    nest(deep[3], 33, 1);
    const char *inputs[] = {"{\"a\":[1,2,{\"b\":null}]}", "[1,]", "// c\n1", "[1]/**/", "\"\\ud800\"", "01", "",
                            "{\"a\":1}x", "[1e999]", deep[0], deep[1], deep[2], deep[3]};
    const int expected[] = {0, -1, -1, -1, -1, -1, -1, -1, 0, 0, -1, 0, -1};
    const json_parse_options_t zero = {0, 0};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        json_document_t a, b, c;
        size_t offset_a = 0, offset_b = 0, offset_c = 0;
        const char *error_a = NULL, *error_b = NULL, *error_c = NULL;
        size_t n = strlen(inputs[i]);
        int result = json_parse(&a, &allocator, inputs[i], n, &offset_a, &error_a);
        assert_int_equal(result, expected[i]);
        assert_int_equal(json_parse_with(&b, &allocator, inputs[i], n, &zero, &offset_b, &error_b), result);
        assert_int_equal(json_parse_with(&c, &allocator, inputs[i], n, NULL, &offset_c, &error_c), result);
        assert_int_equal(offset_b, offset_a);
        assert_int_equal(offset_c, offset_a);
        assert_ptr_equal(error_b, error_a);
        assert_ptr_equal(error_c, error_a);
        assert_int_equal(b.count, a.count);
        assert_null(b.spans);
        json_release(&a);
        json_release(&b);
        json_release(&c);
    }
}

/* Memory failing at every allocation with spans kept: -2, nothing held after release. */
static void memory_failing_at_every_point(void **state)
{
    (void)state;
    char text[2048];
    size_t length = 0;
    length += (size_t)snprintf(text, sizeof text, "{\"k\": [");
    for (int i = 0; i < 60; i++)
        length += (size_t)snprintf(text + length, sizeof text - length, "%s{\"n\": %d.5, \"s\": \"v%d\"}", i ? "," : "", i, i);
    length += (size_t)snprintf(text + length, sizeof text - length, ",]}");
    const json_parse_options_t options = {JSON_KEEP_SPANS | JSON_KEEP_NUMBER_TEXT | JSON_ALLOW_TRAILING_COMMAS,
                                          JSON_DOTNET_MAX_DEPTH};
    int result = -2;
    for (size_t n = 1; result == -2; n++) {
        json_document_t doc;
        size_t offset;
        const char *error;
        allocator.fail_after = n;
        result = json_parse_with(&doc, &allocator, text, length, &options, &offset, &error);
        allocator.fail_after = 0;
        assert_true(result == 0 || result == -2);
        if (result == 0) {
            uint32_t last = doc.count - 1; /* the last string */
            assert_int_equal(doc.spans[last].length, 5);
            assert_memory_equal(text + doc.spans[last].offset, "\"v59\"", 5);
        }
        json_release(&doc);
        assert_int_equal(allocator.bytes, 0);
        assert_true(n < 1000);
    }
}

static void every_prefix_of_a_relaxed_document_is_handled(void **state)
{
    (void)state;
    const char *text = "{\"checks\": [ /* c */ {\"id\": \"x\", \"n\": 12.5e1, \"s\": \"\\u00e9\\ud83d\\ude00\"}, ], // e\n}";
    size_t length = strlen(text);
    const json_parse_options_t options = {RELAXED | JSON_KEEP_SPANS, JSON_DOTNET_MAX_DEPTH};
    for (size_t n = 0; n < length; n++) {
        json_document_t doc;
        size_t offset;
        const char *error;
        int result = json_parse_with(&doc, &allocator, text, n, &options, &offset, &error);
        assert_true(result == -1 || (result == 0 && n >= length - 6)); /* a cut comment still ends the text */
        json_release(&doc);
    }
}

static int setup(void **state)
{
    (void)state;
    memset(&allocator, 0, sizeof allocator);
    return 0;
}

/* every document was released: nothing is held */
static int teardown(void **state)
{
    (void)state;
    assert_int_equal(allocator.bytes, 0);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(comments_and_trailing_commas_are_white_space_when_allowed, setup, teardown),
        cmocka_unit_test_setup_teardown(bad_relaxed_input_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(numbers_keep_their_text, setup, teardown),
        cmocka_unit_test_setup_teardown(depth_64_as_system_text_json, setup, teardown),
        cmocka_unit_test_setup_teardown(spans_keep_each_values_raw_text, setup, teardown),
        cmocka_unit_test_setup_teardown(max_depth_counts_containers, setup, teardown),
        cmocka_unit_test_setup_teardown(zeroed_options_are_json_parse, setup, teardown),
        cmocka_unit_test_setup_teardown(memory_failing_at_every_point, setup, teardown),
        cmocka_unit_test_setup_teardown(every_prefix_of_a_relaxed_document_is_handled, setup, teardown),
    };
    return cmocka_run_group_tests_name("json_reader", tests, NULL, NULL);
}

/* json_reader_test.c - json_parse_with's relaxations (comments, trailing commas, number text,
 * depth 64), and that plain json_parse still refuses them. */
#include "test_support.h"

#include "alloc.h"
#include "json_reader.h"

#define RELAXED (JSON_ALLOW_COMMENTS | JSON_ALLOW_TRAILING_COMMAS | JSON_KEEP_NUMBER_TEXT | JSON_DEPTH_64)

static sa_allocator_t allocator;

static int parse(const char *text, unsigned flags, json_document_t *doc)
{
    size_t offset;
    const char *error;
    return json_parse_with(doc, &allocator, text, strlen(text), flags, &offset, &error);
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

static void every_prefix_of_a_relaxed_document_is_handled(void **state)
{
    (void)state;
    const char *text = "{\"checks\": [ /* c */ {\"id\": \"x\", \"n\": 12.5e1, \"s\": \"\\u00e9\\ud83d\\ude00\"}, ], // e\n}";
    size_t length = strlen(text);
    for (size_t n = 0; n < length; n++) {
        json_document_t doc;
        size_t offset;
        const char *error;
        int result = json_parse_with(&doc, &allocator, text, n, RELAXED, &offset, &error);
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
        cmocka_unit_test_setup_teardown(every_prefix_of_a_relaxed_document_is_handled, setup, teardown),
    };
    return cmocka_run_group_tests_name("json_reader", tests, NULL, NULL);
}

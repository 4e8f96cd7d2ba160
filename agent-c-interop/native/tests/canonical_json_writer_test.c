/* canonical_json_writer_test.c - escaping, UTF-8 repair and truncation, timestamps. */
#include "test_support.h"

#include "buffer.h"
#include "canonical_json_writer.h"
#include "utf8.h"

static void written(const char *in, size_t length, size_t limit, const char *expected)
{
    sa_allocator_t allocator = {0, 0, 0, 0};
    sa_buffer_t repaired, out;
    buffer_init(&repaired, &allocator);
    buffer_init(&out, &allocator);
    utf8_append_repaired(&repaired, in, length, limit);
    canonical_json_write_string(&out, repaired.data, repaired.length);
    buffer_terminate(&out);
    assert_false(out.failed);
    assert_string_equal(out.data, expected);
    assert_true(utf8_is_valid(out.data, out.length));
    buffer_release(&repaired);
    buffer_release(&out);
    assert_int_equal(allocator.bytes, 0);
}

static void canonical_json_writer_escapes_quotes_backslash_and_controls(void **state)
{
    (void)state;
    written("a\"b\\c", 5, 1024, "\"a\\\"b\\\\c\"");
    written("\b\t\n\f\r", 5, 1024, "\"\\b\\t\\n\\f\\r\"");
    written("\x01\x1f\x7f", 3, 1024, "\"\\u0001\\u001f\x7f\"");
    written("\0", 1, 1024, "\"\\u0000\"");
}

static void canonical_json_writer_keeps_slash_html_and_non_ascii_raw(void **state)
{
    (void)state;
    written("</a>&'+", 7, 1024, "\"</a>&'+\"");
    written("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80", 9, 1024, "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\"");
}

static void canonical_json_writer_replaces_each_maximal_invalid_subpart(void **state)
{
    (void)state;
    /* lone continuation, overlong C0, truncated 3-byte, surrogate ED A0, F4 90 out of range */
    written("a\x80z", 3, 1024, "\"a\xef\xbf\xbdz\"");
    written("\xc0\xaf", 2, 1024, "\"\xef\xbf\xbd\xef\xbf\xbd\"");
    written("\xe2\x82z", 3, 1024, "\"\xef\xbf\xbdz\"");
    written("\xed\xa0\x80", 3, 1024, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
    written("\xf4\x90\x80\x80", 4, 1024, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"");
    written("\xf0\x9f\x98", 3, 1024, "\"\xef\xbf\xbd\"");
}

static void canonical_json_writer_truncates_on_code_points_with_ellipsis(void **state)
{
    (void)state;
    written("abcdef", 6, 6, "\"abcdef\"");
    written("abcdefg", 7, 6, "\"abc\xe2\x80\xa6\"");
    /* é is 2 bytes: room for "aé" (3 bytes) and the 3-byte ellipsis */
    written("a\xc3\xa9\xc3\xa9\xc3\xa9", 7, 6, "\"a\xc3\xa9\xe2\x80\xa6\"");
    written("\xe2\x82\xac\xe2\x82\xac\xe2\x82\xac", 9, 7, "\"\xe2\x82\xac\xe2\x80\xa6\"");
}

static void canonical_json_writer_truncates_long_command_line_at_4096(void **state)
{
    (void)state;
    char big[5000];
    memset(big, 'x', sizeof big);
    sa_allocator_t allocator = {0, 0, 0, 0};
    sa_buffer_t out;
    buffer_init(&out, &allocator);
    utf8_append_repaired(&out, big, sizeof big, 4096);
    assert_int_equal(out.length, 4096);
    assert_memory_equal(out.data + 4093, "\xe2\x80\xa6", 3);
    buffer_release(&out);
}

static void canonical_json_writer_formats_timestamps_truncating_milliseconds(void **state)
{
    (void)state;
    char text[64];
    sa_buffer_t b = {NULL, text, 0, sizeof text, 0};
    canonical_json_write_utc(&b, T0);
    buffer_terminate(&b);
    assert_string_equal(text, "2024-03-05T09:15:02.123Z");
    b.length = 0;
    canonical_json_write_local(&b, T0, 60);
    buffer_terminate(&b);
    assert_string_equal(text, "2024-03-05T10:15:02.123+01:00");
    b.length = 0;
    canonical_json_write_local(&b, T0, -330);
    buffer_terminate(&b);
    assert_string_equal(text, "2024-03-05T03:45:02.123-05:30");
    b.length = 0;
    canonical_json_write_local(&b, 0, 0);
    buffer_terminate(&b);
    assert_string_equal(text, "1970-01-01T00:00:00.000+00:00");
    b.length = 0;
    canonical_json_write_utc(&b, INT64_C(951782400999)); /* leap day 2000 */
    buffer_terminate(&b);
    assert_string_equal(text, "2000-02-29T00:00:00.999Z");
}

/* Found by utf8_writer_fuzz (and twin_parser_fuzz): an empty string held by a buffer that
 * never allocated has a NULL data pointer, and the writer did arithmetic on it (UBSan). */
static void canonical_json_writer_fuzz_regression_empty_null_text(void **state)
{
    (void)state;
    char text[8];
    sa_buffer_t b = {NULL, text, 0, sizeof text, 0};
    canonical_json_write_string(&b, NULL, 0);
    buffer_terminate(&b);
    assert_string_equal(text, "\"\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(canonical_json_writer_escapes_quotes_backslash_and_controls),
        cmocka_unit_test(canonical_json_writer_keeps_slash_html_and_non_ascii_raw),
        cmocka_unit_test(canonical_json_writer_replaces_each_maximal_invalid_subpart),
        cmocka_unit_test(canonical_json_writer_truncates_on_code_points_with_ellipsis),
        cmocka_unit_test(canonical_json_writer_truncates_long_command_line_at_4096),
        cmocka_unit_test(canonical_json_writer_formats_timestamps_truncating_milliseconds),
        cmocka_unit_test(canonical_json_writer_fuzz_regression_empty_null_text),
    };
    return cmocka_run_group_tests_name("canonical_json_writer", tests, NULL, NULL);
}

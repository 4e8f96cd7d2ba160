/* text_scan_test.c - the text primitives and address text the collectors parse and write with. */
#include "collector_test_support.h"

#include "address_text.h"
#include "proc_net_parser.h"
#include "text_scan.h"

static void text_scan_cuts_lines_like_dotnet(void **state)
{
    (void)state;
    const char text[] = "a\r\nb\rc\fd\xC2\x85" "e\xE2\x80\xA8" "f\n";
    size_t position = 0, start, end, count = 0;
    while (text_next_line(text, sizeof text - 1, &position, &start, &end, TEXT_LINES_ENUMERATE))
        count++;
    assert_int_equal(count, 6);
    position = count = 0;
    while (text_next_line(text, sizeof text - 1, &position, &start, &end, TEXT_LINES_READLINES))
        count++;
    assert_int_equal(count, 3); /* a, b, c\fd...f */
    position = count = 0;
    while (text_next_line(text, sizeof text - 1, &position, &start, &end, TEXT_LINES_LF))
        count++;
    assert_int_equal(count, 2); /* "a\r" and the rest */
}

static void text_scan_trims_unicode_white_space(void **state)
{
    (void)state;
    const char text[] = "\xC2\xA0 \tx y\xE3\x80\x80\r\n";
    size_t start = 0, end = sizeof text - 1;
    text_trim(text, &start, &end);
    assert_int_equal(end - start, 3);
    assert_memory_equal(text + start, "x y", 3);
    assert_true(text_is_white("\xE2\x80\x89 ", 0, 4));
}

static void text_scan_parses_integers_like_number_styles(void **state)
{
    (void)state;
    uint64_t v;
    uint32_t h;
    assert_true(text_parse_decimal(S("0042"), UINT32_MAX, &v) && v == 42);
    assert_false(text_parse_decimal(S("+1"), UINT32_MAX, &v));
    assert_false(text_parse_decimal(S(" 1"), UINT32_MAX, &v));
    assert_false(text_parse_decimal(S(""), UINT32_MAX, &v));
    assert_false(text_parse_decimal(S("4294967296"), UINT32_MAX, &v));
    assert_true(text_parse_hex32(S(" 0A\t"), &h) && h == 10);
    assert_true(text_parse_hex32(S("00000000FFFFFFFF"), &h) && h == UINT32_MAX);
    assert_false(text_parse_hex32(S("1FFFFFFFF"), &h));
    assert_false(text_parse_hex32(S("ZZ"), &h));
}

static void text_scan_formats_addresses_as_dotnet(void **state)
{
    (void)state;
    static const struct { const char *hex; const char *text; } cases[] = {
        { "00000000000000000000000000000001", "::1" },
        { "00000000000000000000ffff7f000001", "::ffff:127.0.0.1" },
        { "000000000000000000000000c0000201", "::192.0.2.1" },
        { "00000000000000000000000000000000", "::" },
        { "20010db8000000010000000000000001", "2001:db8:0:1::1" },
        { "20010db8000000000001000000000001", "2001:db8::1:0:0:1" },
        { "0000000000000000ffff0000c0000201", "::ffff:0:192.0.2.1" },
        { "000100000002000000005efec0000201", "1:0:2::5efe:192.0.2.1" },
        { "00000000000000000000ffff00000000", "::ffff:0:0" },
        { "20010db8000100020003000400050000", "2001:db8:1:2:3:4:5:0" },
        { "00010000000000000000000000000000", "1::" },
        { "c0000201", "192.0.2.1" },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t bytes[16];
        size_t size = strlen(cases[i].hex) / 2;
        for (size_t b = 0; b < size; b++) {
            unsigned int value;
            sscanf(cases[i].hex + 2 * b, "%2x", &value);
            bytes[b] = (uint8_t)value;
        }
        char text[ADDRESS_TEXT_MAX];
        assert_int_equal(address_text_format(bytes, size, text), strlen(cases[i].text));
        assert_string_equal(text, cases[i].text);
    }
}

static void text_scan_proc_net_rows_malformed_and_truncated(void **state)
{
    (void)state;
    proc_net_row_t row;
    assert_true(proc_net_parse_row(S("0: 0100007F:0277 00000000:0000 0A 0:0 0:0 0 0 0 20999 1"), &row));
    assert_int_equal(row.local_port, 0x277);
    assert_int_equal(row.inode, 20999);
    assert_int_equal(row.state, 0x0A);
    assert_false(proc_net_parse_row(S("0: 0100007F:0277 00000000:0000"), &row));
    assert_false(proc_net_parse_row(S("0: 0100007F:ZZZZ 00000000:0000 0A 0:0 0:0 0 0 0 1 1"), &row));
    assert_false(proc_net_parse_row(S("0: 100007F:0277 00000000:0000 0A 0:0 0:0 0 0 0 1 1"), &row));
    assert_false(proc_net_parse_row(S("0: 0100007F:0277 00000000:0000 0A 0:0 0:0 0 0 0 -1 1"), &row));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(text_scan_cuts_lines_like_dotnet),
        cmocka_unit_test(text_scan_trims_unicode_white_space),
        cmocka_unit_test(text_scan_parses_integers_like_number_styles),
        cmocka_unit_test(text_scan_formats_addresses_as_dotnet),
        cmocka_unit_test(text_scan_proc_net_rows_malformed_and_truncated),
    };
    return cmocka_run_group_tests_name("text_scan", tests, NULL, NULL);
}

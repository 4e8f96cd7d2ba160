/* audit_record_parser_test.c - audit record text as the C# AuditRecordParser reads it: netlink
 * and log-line forms, fields (quoted, msg='...' flattened, bare words), hex values, and text
 * that is not a record. */
#include "collector_test_support.h"

#include "audit_record_parser.h"

static void assert_field(const audit_record_t *r, const char *key, const char *expected)
{
    const char *value;
    size_t length;
    if (expected == NULL) {
        assert_false(audit_record_field(r, key, &value, &length));
        return;
    }
    assert_true(audit_record_field(r, key, &value, &length));
    assert_int_equal(length, strlen(expected));
    assert_memory_equal(value, expected, length);
}

static void audit_record_parser_reads_the_netlink_form(void **state)
{
    (void)state;
    const char text[] = "audit(1795993423.767:14): arch=c000003e syscall=42 success=yes exe=\"/usr/bin/a b\"\n\0\0";
    audit_record_t r;
    assert_true(audit_record_parse(AUDIT_RECORD_SYSCALL, text, sizeof text - 1, &r));
    assert_int_equal(r.type, 1300);
    assert_int_equal(r.time_ms, INT64_C(1795993423767));
    assert_int_equal(r.serial, 14);
    assert_int_equal(r.fields_length, strlen(" arch=c000003e syscall=42 success=yes exe=\"/usr/bin/a b\""));
    assert_field(&r, "syscall", "42");
    assert_field(&r, "exe", "/usr/bin/a b");
    assert_field(&r, "arch", "c000003e");
    assert_field(&r, "missing", NULL);
}

static void audit_record_parser_reads_log_lines_and_unknown_types(void **state)
{
    (void)state;
    audit_record_t r;
    assert_true(audit_record_parse_log_line(S("type=EOE msg=audit(1795993423.743:13): "), &r));
    assert_int_equal(r.type, AUDIT_RECORD_EOE);
    assert_int_equal(r.serial, 13);
    assert_int_equal(r.fields_length, 0);
    assert_true(audit_record_parse_log_line(S("type=UNKNOWN[1330] msg=audit(5:6): x=1"), &r));
    assert_int_equal(r.type, 1330);
    assert_int_equal(r.time_ms, 5000);
    assert_true(audit_record_parse_log_line(S("type=UNKNOWN[+7] msg=audit(.5:6): x=1"), &r));
    assert_int_equal(r.type, 7);
    assert_int_equal(r.time_ms, 500);
    assert_false(audit_record_parse_log_line(S("type=UNKNOWN[-7] msg=audit(1:6): x=1"), &r));
    assert_false(audit_record_parse_log_line(S("type=NOPE msg=audit(1:6): x=1"), &r));
    assert_false(audit_record_parse_log_line(S("type=SYSCALL msg=audit(1795993500.500:94"), &r));
    assert_false(audit_record_parse_log_line(S("garbage line without a type"), &r));
    assert_false(audit_record_parse_log_line(S("type=SYSCALL"), &r));
    assert_int_equal(audit_record_type_from_name(S("USER_LOGIN")), AUDIT_RECORD_USER_LOGIN);
    assert_int_equal(audit_record_type_from_name(S("UNKNOWN[]")), -1);
    assert_int_equal(audit_record_type_from_name(S("UNKNOWN[2147483648]")), -1);
}

static void audit_record_parser_rejects_bad_stamps(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "", "audit", "audit(1.2:3)", "audit(1.2.3:4): x", "audit(:4): x", "audit(.:4): x", "audit(1.2:): x",
        "audit(1.2:-4): x", "audit(1.2:18446744073709551616): x", "audit(253402300799.001:1): x",
        "audit(999999999999999999999999:1): x", "audit( 1.2:3): x", "audit(1,2:3): x", "x audit(1:2): y",
    };
    audit_record_t r;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (audit_record_parse(1300, bad[i], strlen(bad[i]), &r))
            fail_msg("accepted \"%s\"", bad[i]);
    assert_true(audit_record_parse(1300, S(" \t audit(253402300799.000:18446744073709551615): x"), &r));
    assert_int_equal(r.time_ms, INT64_C(253402300799000));
    assert_int_equal(r.serial, UINT64_MAX);
    assert_true(audit_record_parse(1300, S("audit(7.12345:1):"), &r));
    assert_int_equal(r.time_ms, 7123);
    assert_true(audit_record_parse(1300, S("audit(7.:1):"), &r));
    assert_int_equal(r.time_ms, 7000);
}

/* The stamp is a .NET decimal: 28 or 29 significant digits, at most 28 decimals, rounded half
 * to even; the milliseconds are truncated after that rounding (values checked against .NET). */
static void audit_record_parser_rounds_long_stamps_like_a_decimal(void **state)
{
    (void)state;
    static const struct { const char *seconds; int64_t ms; } cases[] = {
        { "1795993423.9999999999999999999999", INT64_C(1795993424000) },
        { "1795993423.99999999999999999949", INT64_C(1795993423999) },
        { "1795993423.9999999999999999995", INT64_C(1795993423999) },
        { "0.99999999999999999999999999999", 1000 },
        { "0.0000000000000000000000009999999", 0 },
        { "253402300799.000000000000000000001", INT64_C(253402300799000) },
        { "253402300799.000000000000000006", -1 },
        { "253402300799.0000000000000000050", INT64_C(253402300799000) },
        { "253402300799.00000000000000000501", -1 },
        { "9.99999999999999999999999999995", 10000 },
        { "00000.9999999999999999999999999999999", 1000 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[128];
        audit_record_t r;
        snprintf(text, sizeof text, "audit(%s:1): x=1", cases[i].seconds);
        int parsed = audit_record_parse(1300, text, strlen(text), &r);
        if (parsed != (cases[i].ms >= 0) || (parsed && r.time_ms != cases[i].ms))
            fail_msg("%s: parsed %d, %lld ms", cases[i].seconds, parsed, parsed ? (long long)r.time_ms : -1LL);
    }
}

static void audit_record_parser_flattens_msg_and_keeps_outer_fields(void **state)
{
    (void)state;
    const char text[] = "audit(1.000:2): pid=10 uid=0 msg='op=login acct=\"bob\" pid=99 exe=\"/bin/login\" "
                        "res=success' uid=5 bare word k=v";
    audit_record_t r;
    assert_true(audit_record_parse(AUDIT_RECORD_USER_LOGIN, text, sizeof text - 1, &r));
    assert_field(&r, "pid", "10");      /* outer first, inner does not overwrite */
    assert_field(&r, "uid", "5");       /* a later outer field overwrites */
    assert_field(&r, "acct", "bob");
    assert_field(&r, "res", "success");
    assert_field(&r, "msg", NULL);
    assert_field(&r, "k", "v");         /* "bare word" skipped */
    const char *value;
    size_t length;
    assert_true(audit_record_raw_field(&r, "pid", &value, &length));
    assert_int_equal(length, 2);
    assert_true(audit_record_raw_field(&r, "acct", &value, &length));
    assert_memory_equal(value, "\"bob\"", 5);
    assert_true(audit_record_raw_field(&r, "res", &value, &length)); /* the token "res=success'" */
    assert_int_equal(length, 8);
    assert_true(audit_record_raw_field(&r, "k", &value, &length));
}

static void audit_record_parser_survives_unterminated_quotes_and_stray_equals(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "audit(1:2): a=\"unterminated", "audit(1:2): msg='x=1 y=\"2", "audit(1:2): =x a=1", "audit(1:2): a=",
        "audit(1:2): a=1 =", "audit(1:2):    ", "audit(1:2): msg='", "audit(1:2): a='q' b",
    };
    audit_record_t r;
    const char *value;
    size_t length;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        assert_true(audit_record_parse(1300, texts[i], strlen(texts[i]), &r));
        (void)audit_record_field(&r, "a", &value, &length);
        (void)audit_record_field(&r, "y", &value, &length);
    }
    assert_true(audit_record_parse(1300, S("audit(1:2): a=\"unterminated"), &r));
    assert_field(&r, "a", "unterminated");
    assert_true(audit_record_parse(1300, S("audit(1:2): msg='x=1 y=\"2"), &r));
    assert_field(&r, "y", "2");
    assert_true(audit_record_parse(1300, S("audit(1:2): =x a=1"), &r));
    assert_field(&r, "a", NULL); /* the C# tokenizer stops at a token that begins with '=' */
    assert_true(audit_record_parse(1300, S("audit(1:2): a="), &r));
    assert_field(&r, "a", "");
}

static void audit_record_parser_decodes_hex_like_the_csharp_agent(void **state)
{
    (void)state;
    static const struct { const char *in; const char *out; } cases[] = {
        { "6375726C0068747470733A2F2F31", "curl https://1" },
        { "6375726C00", "curl" },          /* NUL to space, then trimmed */
        { "0000", "" },
        { "20C2A061", " \xC2\xA0" "a" },    /* leading white space stays */
        { "6375726c", "6375726c" },        /* lower case: not hex-encoded */
        { "ABC", "ABC" },                  /* odd length */
        { "(null)", "(null)" },
        { "", "" },
        { "/usr/bin/curl", "/usr/bin/curl" },
        { "FF41", "\xFF" "A" },            /* invalid UTF-8 is left for the event to repair */
    };
    char buffer[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *text;
        size_t length;
        audit_decode_hex(cases[i].in, strlen(cases[i].in), buffer, &text, &length);
        if (length != strlen(cases[i].out) || memcmp(text, cases[i].out, length) != 0)
            fail_msg("%s gave \"%.*s\"", cases[i].in, (int)length, text);
    }
}

static void audit_record_parser_reads_the_recorded_log(void **state)
{
    (void)state;
    FILE *f = fopen(SA_LINUX_FIXTURES "/ConnectionCreate/audit.log", "r");
    assert_non_null(f);
    char line[4096];
    size_t good = 0, bad = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        audit_record_t r;
        size_t length = strcspn(line, "\n");
        if (audit_record_parse_log_line(line, length, &r))
            good++;
        else
            bad++;
    }
    fclose(f);
    assert_int_equal(bad, 2);
    assert_int_equal(good, 37);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(audit_record_parser_reads_the_netlink_form),
        cmocka_unit_test(audit_record_parser_reads_log_lines_and_unknown_types),
        cmocka_unit_test(audit_record_parser_rejects_bad_stamps),
        cmocka_unit_test(audit_record_parser_rounds_long_stamps_like_a_decimal),
        cmocka_unit_test(audit_record_parser_flattens_msg_and_keeps_outer_fields),
        cmocka_unit_test(audit_record_parser_survives_unterminated_quotes_and_stray_equals),
        cmocka_unit_test(audit_record_parser_decodes_hex_like_the_csharp_agent),
        cmocka_unit_test(audit_record_parser_reads_the_recorded_log),
    };
    return cmocka_run_group_tests_name("audit_record_parser", tests, NULL, NULL);
}

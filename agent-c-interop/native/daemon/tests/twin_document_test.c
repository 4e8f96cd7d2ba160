/* twin_document_test.c - finding the configuration object in a twin GET response. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "twin_document.h"

#define NAME "ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration"

static void find(const char *text, const char *expected, int64_t expected_version)
{
    const char *start;
    size_t length;
    int64_t version;
    assert_int_equal(twin_document_find_configuration(text, strlen(text), NAME, &start, &length, &version), 0);
    assert_int_equal(length, strlen(expected));
    assert_memory_equal(start, expected, length);
    assert_int_equal(version, expected_version);
}

static void twin_document_finds_the_object_and_version(void **state)
{
    (void)state;
    find("{\"desired\":{\"other\":[1,{\"x\":\"}\"}],\"" NAME "\":{\"a\":{\"value\":\"P\\\"T1S\"}},\"$version\":12},"
         "\"reported\":{\"$version\":3}}",
         "{\"a\":{\"value\":\"P\\\"T1S\"}}", 12);
}

static void twin_document_tolerates_whitespace(void **state)
{
    (void)state;
    find(" { \"reported\" : { } , \"desired\" : { \"$version\" : 4 , \"" NAME "\" : { \"k\" : true } } } ", "{ \"k\" : true }", 4);
}

static void twin_document_gives_an_empty_object_when_absent_or_not_an_object(void **state)
{
    (void)state;
    find("{\"desired\":{\"$version\":1}}", "{}", 1);
    find("{\"desired\":{\"" NAME "\":\"text\",\"$version\":2}}", "{}", 2);
    find("{\"desired\":{\"" NAME "x\":{\"a\":1}}}", "{}", -1);
}

static void twin_document_needs_a_desired_object(void **state)
{
    const char *start;
    size_t length;
    int64_t version;
    (void)state;
    assert_int_equal(twin_document_find_configuration("{\"reported\":{}}", 15, NAME, &start, &length, &version), -1);
    assert_int_equal(twin_document_find_configuration("[]", 2, NAME, &start, &length, &version), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(twin_document_finds_the_object_and_version),
        cmocka_unit_test(twin_document_tolerates_whitespace),
        cmocka_unit_test(twin_document_gives_an_empty_object_when_absent_or_not_an_object),
        cmocka_unit_test(twin_document_needs_a_desired_object),
    };
    return cmocka_run_group_tests_name("twin_document", tests, NULL, NULL);
}

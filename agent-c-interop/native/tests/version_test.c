/* version_test.c - sa_version and sa_strerror. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "secagent.h"

static void version_matches_repository_version(void **state)
{
    (void)state;
    assert_string_equal(sa_version(), SA_EXPECTED_VERSION);
}

static void strerror_names_every_status(void **state)
{
    (void)state;
    assert_string_equal(sa_strerror(SA_OK), "success");
    assert_string_equal(sa_strerror(SA_ERR_INVALID_ARGUMENT), "invalid argument");
    assert_string_equal(sa_strerror(SA_ERR_NO_MEMORY), "out of memory");
}

static void strerror_unknown_code_is_never_null(void **state)
{
    (void)state;
    assert_string_equal(sa_strerror((sa_status_t)999), "unknown status code");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_matches_repository_version),
        cmocka_unit_test(strerror_names_every_status),
        cmocka_unit_test(strerror_unknown_code_is_never_null),
    };
    return cmocka_run_group_tests_name("version", tests, NULL, NULL);
}

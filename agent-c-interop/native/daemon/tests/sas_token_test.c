/* sas_token_test.c - SAS tokens against the published vectors (the C# client pins the same). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "backoff.h"
#include "dps_registration.h"
#include "json_text.h"
#include "message_id.h"
#include "sas_token.h"

#define KEY "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="

static void sas_token_signs_the_device_vector(void **state)
{
    char signature[64];
    (void)state;
    assert_int_equal(sas_token_sign(KEY, "myhub.azure-devices.net%2Fdevices%2Fdev1\n2000000000", signature, sizeof signature), 0);
    assert_string_equal(signature, "Gh9KsnFrPxAVTnnUQ36jdKJATyk19JewFKEm5hMtIWQ=");
}

static void sas_token_signs_the_module_vector(void **state)
{
    char signature[64];
    (void)state;
    assert_int_equal(sas_token_sign(KEY, "myhub.azure-devices.net%2Fdevices%2Fdev1%2Fmodules%2Fmod1\n2000000000", signature,
                                    sizeof signature), 0);
    assert_string_equal(signature, "wg6hXj/OkA4tnEkJr7UV/H4k13aYbtVpNi8X0+pQ+RI=");
}

static void sas_token_encodes_resource_and_signature(void **state)
{
    char token[512];
    (void)state;
    assert_int_equal(sas_token_create("myhub.azure-devices.net/devices/dev1", KEY, 2000000000, token, sizeof token), 0);
    assert_string_equal(token, "SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1&sig="
                               "Gh9KsnFrPxAVTnnUQ36jdKJATyk19JewFKEm5hMtIWQ%3D&se=2000000000");
}

static void sas_token_refuses_a_key_that_is_not_base64(void **state)
{
    char token[512];
    (void)state;
    assert_int_equal(sas_token_create("h/devices/d", "not base64!", 1, token, sizeof token), -1);
    assert_int_equal(sas_token_create("h/devices/d", "", 1, token, sizeof token), -1);
    assert_int_equal(sas_token_create("h/devices/d", KEY, 1, token, 20), -1);
}

static void sas_token_url_encode_keeps_unreserved_only(void **state)
{
    char out[64];
    (void)state;
    assert_int_equal(sas_token_url_encode("a-z_0.9~/+= :", out, sizeof out), 0);
    assert_string_equal(out, "a-z_0.9~%2F%2B%3D%20%3A");
    assert_int_equal(sas_token_url_encode("//", out, 6), -1);
}

static void backoff_doubles_within_jitter_up_to_the_maximum(void **state)
{
    backoff_t backoff;
    int64_t step = 1000;
    (void)state;
    backoff_init(&backoff, 1000, 120000, 42);
    for (int i = 0; i < 12; i++) {
        int64_t wait = backoff_next(&backoff);
        assert_true(wait >= step / 2 && wait <= step);
        step = step * 2 > 120000 ? 120000 : step * 2;
    }
    backoff_reset(&backoff);
    assert_true(backoff_next(&backoff) <= 1000);
}

/* The enrollment group's derived key: base64(HMAC-SHA256(group key, registration id)), as the
 * test computes it independently with Python's hmac module. */
static void dps_derives_the_group_device_key(void **state)
{
    char derived[64];
    (void)state;
    assert_int_equal(dps_derive_key(KEY, "device-01", derived, sizeof derived), 0);
    assert_string_equal(derived, "YlH/UCsaA7mBBFGAlOysUKGTTAKpddEkTUFpC9ViNHA=");
    assert_int_equal(dps_derive_key("not base64!", "device-01", derived, sizeof derived), -1);
}

/* The module key and the DPS assignment are read out of the answers with json_text_get. */
static void json_text_reads_a_path_and_refuses_the_rest(void **state)
{
    static const char answer[] = "{\"moduleId\":\"m\",\"authentication\":{\"symmetricKey\":{\"primaryKey\":\"a2V5\"}},\"n\":1}";
    static const char *const key[] = {"authentication", "symmetricKey", "primaryKey", NULL};
    static const char *const missing[] = {"authentication", "x509Thumbprint", NULL};
    static const char *const number[] = {"n", NULL};
    char out[16];
    (void)state;
    assert_int_equal(json_text_get(answer, strlen(answer), key, out, sizeof out), 0);
    assert_string_equal(out, "a2V5");
    assert_int_equal(json_text_get(answer, strlen(answer), missing, out, sizeof out), -1);
    assert_int_equal(json_text_get(answer, strlen(answer), number, out, sizeof out), -1);
    assert_int_equal(json_text_get(answer, strlen(answer), key, out, 4), -1);
    assert_int_equal(json_text_get("{\"a\":", 5, number, out, sizeof out), -1);
    static const char nul[] = "{\"n\":\"a\\u0000b\"}";
    assert_int_equal(json_text_get(nul, strlen(nul), number, out, sizeof out), -1);
}

static void message_id_is_a_uuid_v4(void **state)
{
    char a[37], b[37];
    (void)state;
    assert_int_equal(message_id_create(a), 0);
    assert_int_equal(message_id_create(b), 0);
    assert_int_equal(strlen(a), 36);
    assert_int_equal(a[14], '4');
    assert_non_null(strchr("89ab", a[19]));
    assert_string_not_equal(a, b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sas_token_signs_the_device_vector),
        cmocka_unit_test(sas_token_signs_the_module_vector),
        cmocka_unit_test(sas_token_encodes_resource_and_signature),
        cmocka_unit_test(sas_token_refuses_a_key_that_is_not_base64),
        cmocka_unit_test(sas_token_url_encode_keeps_unreserved_only),
        cmocka_unit_test(backoff_doubles_within_jitter_up_to_the_maximum),
        cmocka_unit_test(message_id_is_a_uuid_v4),
        cmocka_unit_test(dps_derives_the_group_device_key),
        cmocka_unit_test(json_text_reads_a_path_and_refuses_the_rest),
    };
    return cmocka_run_group_tests_name("sas_token", tests, NULL, NULL);
}

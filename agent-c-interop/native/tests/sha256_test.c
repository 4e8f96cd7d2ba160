/* sha256_test.c - SHA-256 against the FIPS 180-4 example vectors (NIST CSRC "SHA256.pdf",
 * "SHA2_Additional.pdf"), in one call and fed in pieces of every size. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "sha256.h"

static void hex(const uint8_t digest[SHA256_DIGEST_SIZE], char out[65])
{
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(out + 2 * i, 3, "%02x", digest[i]);
}

static void assert_digest(const void *data, size_t length, const char *expected)
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    char text[65];
    sha256(data, length, digest);
    hex(digest, text);
    assert_string_equal(text, expected);
}

static void one_block_message_abc(void **state)
{
    (void)state;
    assert_digest("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

static void empty_message(void **state)
{
    (void)state;
    assert_digest("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void two_block_message(void **state)
{
    (void)state;
    const char *m = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 448 bits: padding spills */
    assert_digest(m, strlen(m), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void long_two_block_message(void **state)
{
    (void)state;
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    assert_digest(m, strlen(m), "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void million_a(void **state)
{
    (void)state;
    char *m = malloc(1000000);
    assert_non_null(m);
    memset(m, 'a', 1000000);
    assert_digest(m, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(m);
}

static void boundary_lengths(void **state)
{
    (void)state;
    /* SHA2_Additional.pdf: 55, 56 and 64 bytes of zeros straddle the length field */
    uint8_t zeros[64] = {0};
    assert_digest(zeros, 55, "02779466cdec163811d078815c633f21901413081449002f24aa3e80f0b88ef7");
    assert_digest(zeros, 56, "d4817aa5497628e7c77e6b606107042bbba3130888c5f47a375e6179be789fbb");
    assert_digest(zeros, 57, "65a16cb7861335d5ace3c60718b5052e44660726da4cd13bb745381b235a1785");
    assert_digest(zeros, 64, "f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b");
    uint8_t bd = 0xbd;
    assert_digest(&bd, 1, "68325720aabd7c82f30f554b313d0570c95accbb7dc4b5aae11204c08ffe732b");
}

static void pieces_give_the_same_digest(void **state)
{
    (void)state;
    const char *m = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    size_t length = strlen(m);
    uint8_t whole[SHA256_DIGEST_SIZE], pieces[SHA256_DIGEST_SIZE];
    sha256(m, length, whole);
    for (size_t size = 1; size <= length; size++) {
        sha256_t context;
        sha256_init(&context);
        for (size_t at = 0; at < length; at += size)
            sha256_update(&context, m + at, at + size > length ? length - at : size);
        sha256_final(&context, pieces);
        assert_memory_equal(whole, pieces, SHA256_DIGEST_SIZE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_block_message_abc),
        cmocka_unit_test(empty_message),
        cmocka_unit_test(two_block_message),
        cmocka_unit_test(long_two_block_message),
        cmocka_unit_test(million_a),
        cmocka_unit_test(boundary_lengths),
        cmocka_unit_test(pieces_give_the_same_digest),
    };
    return cmocka_run_group_tests_name("sha256", tests, NULL, NULL);
}

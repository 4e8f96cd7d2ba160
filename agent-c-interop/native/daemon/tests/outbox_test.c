/* outbox_test.c - the outbox: format, durability, corrupt and torn records, eviction. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "crc32.h"
#include "daemon_test_support.h"
#include "outbox.h"

#define ID_A "00000000-0000-4000-8000-00000000000a"
#define ID_B "00000000-0000-4000-8000-00000000000b"
#define ID_C "00000000-0000-4000-8000-00000000000c"
#define BUDGET 262144u

typedef struct fixture {
    char path[256];
    char record[512];
    outbox_t *outbox;
} fixture_t;

static int setup(void **state)
{
    fixture_t *f = calloc(1, sizeof *f);
    char error[256];
    if (f == NULL || temp_folder_create(f->path, sizeof f->path) != 0)
        return -1;
    snprintf(f->path + strlen(f->path), sizeof f->path - strlen(f->path), "/outbox");
    if (outbox_open(f->path, BUDGET, &f->outbox, error, sizeof error) != OUTBOX_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture_t *f = *state;
    char parent[256];
    outbox_close(f->outbox);
    temp_folder_remove(f->path);
    snprintf(parent, sizeof parent, "%s", f->path);
    *strrchr(parent, '/') = '\0';
    rmdir(parent);
    free(f);
    return 0;
}

static void reopen(fixture_t *f, uint64_t budget)
{
    char error[256];
    outbox_close(f->outbox);
    f->outbox = NULL;
    assert_int_equal(outbox_open(f->path, budget, &f->outbox, error, sizeof error), OUTBOX_OK);
}

static const char *record_path(fixture_t *f, uint64_t sequence)
{
    char name[32];
    outbox_record_file_name(sequence, name, sizeof name);
    snprintf(f->record, sizeof f->record, "%s/%s", f->path, name);
    return f->record;
}

static void append(fixture_t *f, uint8_t priority, const char *id, const char *body, uint64_t expected_sequence)
{
    uint64_t sequence = 0;
    assert_int_equal(outbox_append(f->outbox, priority, id, body, strlen(body), &sequence), OUTBOX_OK);
    assert_int_equal(sequence, expected_sequence);
}

static outbox_statistics_t statistics(fixture_t *f)
{
    outbox_statistics_t s;
    outbox_get_statistics(f->outbox, &s);
    return s;
}

static void crc32_matches_the_ieee_check_value(void **state)
{
    (void)state;
    assert_int_equal(crc32_update(0, "123456789", 9), 0xcbf43926u);
    assert_int_equal(crc32_update(crc32_update(0, "1234", 4), "56789", 5), 0xcbf43926u);
}

/* The polynomial bit by bit, the definition the tables are derived from. */
static uint32_t crc32_bitwise(uint32_t crc, const unsigned char *p, size_t length)
{
    crc = ~crc;
    for (size_t i = 0; i < length; i++) {
        crc ^= p[i];
        for (int bit = 0; bit < 8; bit++)
            crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static void crc32_matches_the_bitwise_definition_at_every_length_and_alignment(void **state)
{
    unsigned char bytes[300];
    (void)state;
    for (size_t i = 0; i < sizeof bytes; i++)
        bytes[i] = (unsigned char)(i * 131u + 7u);
    for (size_t offset = 0; offset < 4; offset++)
        for (size_t length = 0; length + offset <= sizeof bytes; length++) {
            assert_int_equal(crc32_update(0, bytes + offset, length), crc32_bitwise(0, bytes + offset, length));
            size_t half = length / 2;
            assert_int_equal(crc32_update(crc32_update(0, bytes + offset, half), bytes + offset + half, length - half),
                             crc32_bitwise(0, bytes + offset, length));
        }
}

static void outbox_record_has_the_documented_layout(void **state)
{
    fixture_t *f = *state;
    unsigned char bytes[64];
    FILE *file;
    append(f, OUTBOX_PRIORITY_HIGH, ID_A, "{}", 1);
    file = fopen(record_path(f, 1), "rb");
    assert_non_null(file);
    assert_int_equal(fread(bytes, 1, sizeof bytes, file), 62);
    fclose(file);
    assert_memory_equal(bytes, "SAOB\x01\x00\x01\x00\x01\x00\x00\x00\x00\x00\x00\x00", 16);
    assert_memory_equal(bytes + 16, ID_A, 36);
    assert_memory_equal(bytes + 52, "\x02\x00\x00\x00", 4);
    assert_memory_equal(bytes + 60, "{}", 2);
    assert_true(outbox_record_checksum_ok(bytes, "{}", 2));
}

static void outbox_reads_a_record_written_by_another_encoder(void **state)
{
    fixture_t *f = *state;
    char source[512], text[1024];
    FILE *in;
    size_t n;
    outbox_entry_t entry;
    snprintf(source, sizeof source, "%s/outbox-v1/0000000000000007.msg", SA_TEST_FIXTURES);
    in = fopen(source, "rb");
    assert_non_null(in);
    n = fread(text, 1, sizeof text, in);
    fclose(in);
    assert_int_equal(file_write(record_path(f, 7), text, n, 0600), 0);
    reopen(f, BUDGET);
    assert_int_equal(statistics(f).corrupt_records, 0);
    assert_int_equal(outbox_next(f->outbox, 0, &entry), OUTBOX_OK);
    assert_int_equal(entry.sequence, 7);
    assert_int_equal(entry.priority, OUTBOX_PRIORITY_LOW);
    assert_string_equal(entry.message_id, "3f2504e0-4f89-41d3-9a0c-0305e82c3301");
    assert_int_equal(entry.length, 114);
    assert_memory_equal(entry.body, "{\"AgentVersion\"", 15);
    outbox_entry_release(&entry);
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{}", 8); /* the sequence continues after the largest found */
}

static void outbox_keeps_messages_in_order_across_a_restart(void **state)
{
    fixture_t *f = *state;
    outbox_entry_t entry;
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{\"a\":1}", 1);
    append(f, OUTBOX_PRIORITY_HIGH, ID_B, "{\"b\":2}", 2);
    reopen(f, BUDGET);
    assert_int_equal(statistics(f).stored_messages, 2);
    assert_int_equal(outbox_next(f->outbox, 0, &entry), OUTBOX_OK);
    assert_string_equal(entry.message_id, ID_A);
    assert_string_equal(entry.body, "{\"a\":1}");
    outbox_entry_release(&entry);
    assert_int_equal(outbox_next(f->outbox, 1, &entry), OUTBOX_OK);
    assert_string_equal(entry.message_id, ID_B);
    outbox_entry_release(&entry);
    assert_int_equal(outbox_next(f->outbox, 2, &entry), OUTBOX_EMPTY);
    append(f, OUTBOX_PRIORITY_LOW, ID_C, "{}", 3);
}

static void outbox_remove_deletes_the_file(void **state)
{
    fixture_t *f = *state;
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{}", 1);
    outbox_remove(f->outbox, 1);
    outbox_remove(f->outbox, 99);
    assert_int_equal(access(record_path(f, 1), F_OK), -1);
    assert_int_equal(statistics(f).stored_messages, 0);
    assert_int_equal(statistics(f).stored_bytes, 0);
}

static void outbox_skips_and_counts_a_corrupt_record_at_start(void **state)
{
    fixture_t *f = *state;
    outbox_entry_t entry;
    int fd;
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{\"a\":1}", 1);
    append(f, OUTBOX_PRIORITY_LOW, ID_B, "{\"b\":2}", 2);
    fd = open(record_path(f, 1), O_WRONLY);
    assert_true(fd >= 0);
    assert_int_equal(pwrite(fd, "X", 1, 62), 1); /* one payload byte flipped */
    close(fd);
    reopen(f, BUDGET);
    assert_int_equal(statistics(f).corrupt_records, 1);
    assert_int_equal(statistics(f).stored_messages, 1);
    assert_int_equal(access(record_path(f, 1), F_OK), -1);
    assert_int_equal(outbox_next(f->outbox, 0, &entry), OUTBOX_OK);
    assert_string_equal(entry.message_id, ID_B);
    outbox_entry_release(&entry);
}

static void outbox_skips_a_torn_record(void **state)
{
    fixture_t *f = *state;
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{\"a\":1}", 1);
    assert_int_equal(truncate(record_path(f, 1), 40), 0); /* a header cut short */
    append(f, OUTBOX_PRIORITY_LOW, ID_B, "{\"b\":2}", 2);
    assert_int_equal(truncate(record_path(f, 2), 64), 0); /* a payload cut short */
    reopen(f, BUDGET);
    assert_int_equal(statistics(f).corrupt_records, 2);
    assert_int_equal(statistics(f).stored_messages, 0);
}

static void outbox_rechecks_a_record_when_reading_it(void **state)
{
    fixture_t *f = *state;
    outbox_entry_t entry;
    int fd;
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{\"a\":1}", 1);
    append(f, OUTBOX_PRIORITY_LOW, ID_B, "{\"b\":2}", 2);
    fd = open(record_path(f, 1), O_WRONLY);
    assert_int_equal(pwrite(fd, "\x07", 1, 56), 1); /* the checksum damaged after start */
    close(fd);
    assert_int_equal(outbox_next(f->outbox, 0, &entry), OUTBOX_OK);
    assert_int_equal(entry.sequence, 2);
    outbox_entry_release(&entry);
    assert_int_equal(statistics(f).corrupt_records, 1);
    assert_string_not_equal(outbox_last_error(f->outbox), "");
}

static void outbox_deletes_stale_temp_files_and_stray_records(void **state)
{
    fixture_t *f = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/0000000000000003.msg.tmp", f->path);
    assert_int_equal(file_write(path, "half", 4, 0600), 0);
    snprintf(path, sizeof path, "%s/not-a-sequence.msg", f->path);
    assert_int_equal(file_write(path, "junk", 4, 0600), 0);
    snprintf(path, sizeof path, "%s/0000000000000009.msg", f->path);
    assert_int_equal(file_write(path, "SAOB", 4, 0600), 0);
    reopen(f, BUDGET);
    assert_int_equal(folder_count(f->path, ".tmp"), 0);
    assert_int_equal(folder_count(f->path, ".msg"), 0);
    assert_int_equal(statistics(f).corrupt_records, 2);
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{}", 1);
}

static void outbox_refuses_a_sequence_that_disagrees_with_the_name(void **state)
{
    fixture_t *f = *state;
    char from[512];
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{}", 1);
    snprintf(from, sizeof from, "%s", record_path(f, 1));
    assert_int_equal(rename(from, record_path(f, 5)), 0);
    reopen(f, BUDGET);
    assert_int_equal(statistics(f).corrupt_records, 1);
}

static char *filled(size_t length)
{
    char *body = malloc(length + 1);
    assert_non_null(body);
    memset(body, 'x', length);
    body[length] = '\0';
    return body;
}

static void outbox_evicts_the_oldest_low_messages_first(void **state)
{
    fixture_t *f = *state;
    char *big = filled(100000);
    outbox_entry_t entry;
    append(f, OUTBOX_PRIORITY_HIGH, ID_A, big, 1);
    append(f, OUTBOX_PRIORITY_LOW, ID_B, big, 2);
    append(f, OUTBOX_PRIORITY_LOW, ID_C, big, 3); /* 300000 > 262144: evicts the Low one, 2 */
    assert_int_equal(statistics(f).evicted_low, 1);
    assert_int_equal(statistics(f).evicted_high, 0);
    assert_int_equal(outbox_next(f->outbox, 0, &entry), OUTBOX_OK);
    assert_int_equal(entry.sequence, 1);
    outbox_entry_release(&entry);
    assert_int_equal(outbox_next(f->outbox, 1, &entry), OUTBOX_OK);
    assert_int_equal(entry.sequence, 3);
    outbox_entry_release(&entry);
    append(f, OUTBOX_PRIORITY_HIGH, ID_B, big, 4); /* evicts 3 (Low) */
    append(f, OUTBOX_PRIORITY_HIGH, ID_C, big, 5); /* no Low left: evicts 1 (High) */
    assert_int_equal(statistics(f).evicted_low, 2);
    assert_int_equal(statistics(f).evicted_high, 1);
    assert_int_equal(statistics(f).stored_bytes, 200000);
    free(big);
}

static void outbox_refuses_a_message_larger_than_the_budget(void **state)
{
    fixture_t *f = *state;
    char *huge = filled(BUDGET + 1);
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{}", 1);
    assert_int_equal(outbox_append(f->outbox, OUTBOX_PRIORITY_HIGH, ID_B, huge, BUDGET + 1, NULL), OUTBOX_TOO_LARGE);
    assert_int_equal(statistics(f).stored_messages, 1);
    assert_int_equal(statistics(f).evicted_low, 0);
    free(huge);
}

static void outbox_evicts_down_to_a_smaller_budget_at_start(void **state)
{
    fixture_t *f = *state;
    char *big = filled(100000);
    char error[128];
    outbox_t *small = NULL;
    append(f, OUTBOX_PRIORITY_LOW, ID_A, big, 1);
    append(f, OUTBOX_PRIORITY_HIGH, ID_B, big, 2);
    append(f, OUTBOX_PRIORITY_LOW, ID_C, big, 3);
    assert_int_equal(statistics(f).evicted_low, 1); /* 1 went for 3 */
    assert_int_equal(outbox_open(f->path, 100000, &small, error, sizeof error), OUTBOX_BAD_ARGUMENT);
    reopen(f, BUDGET);
    assert_int_equal(statistics(f).stored_messages, 2);
    free(big);
}

static void outbox_write_failure_leaves_no_file_and_is_counted(void **state)
{
    fixture_t *f = *state;
    char blocker[512];
    /* A folder where the temporary file must go: the write fails, whoever runs the test. */
    snprintf(blocker, sizeof blocker, "%s/0000000000000001.msg.tmp", f->path);
    assert_int_equal(mkdir(blocker, 0700), 0);
    assert_int_equal(outbox_append(f->outbox, OUTBOX_PRIORITY_LOW, ID_A, "{}", 2, NULL), OUTBOX_WRITE_FAILED);
    assert_int_equal(rmdir(blocker), 0);
    assert_int_equal(statistics(f).write_failures, 1);
    assert_int_equal(folder_count(f->path, ".tmp"), 0);
}

static void outbox_files_are_private(void **state)
{
    fixture_t *f = *state;
    struct stat info;
    append(f, OUTBOX_PRIORITY_LOW, ID_A, "{}", 1);
    assert_int_equal(stat(f->path, &info), 0);
    assert_int_equal(info.st_mode & 0777, 0700);
    assert_int_equal(stat(record_path(f, 1), &info), 0);
    assert_int_equal(info.st_mode & 0777, 0600);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(crc32_matches_the_ieee_check_value),
        cmocka_unit_test(crc32_matches_the_bitwise_definition_at_every_length_and_alignment),
        cmocka_unit_test_setup_teardown(outbox_record_has_the_documented_layout, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_reads_a_record_written_by_another_encoder, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_keeps_messages_in_order_across_a_restart, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_remove_deletes_the_file, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_skips_and_counts_a_corrupt_record_at_start, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_skips_a_torn_record, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_rechecks_a_record_when_reading_it, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_deletes_stale_temp_files_and_stray_records, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_refuses_a_sequence_that_disagrees_with_the_name, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_evicts_the_oldest_low_messages_first, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_refuses_a_message_larger_than_the_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_evicts_down_to_a_smaller_budget_at_start, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_write_failure_leaves_no_file_and_is_counted, setup, teardown),
        cmocka_unit_test_setup_teardown(outbox_files_are_private, setup, teardown),
    };
    return cmocka_run_group_tests_name("outbox", tests, NULL, NULL);
}

/* audit_event_assembler_test.c - records grouped by serial, completed at EOE, at once for
 * user-space types, the oldest when too many are open, everything at flush; the recorded log. */
#include "collector_test_support.h"

#include "audit_event_assembler.h"

typedef struct seen {
    size_t events;
    uint64_t serials[1100];
    size_t counts[1100];
    char first_fields[1100][64];
} seen_t;

static void on_event(const audit_record_t *records, size_t count, void *argument)
{
    seen_t *seen = argument;
    assert_true(count >= 1);
    for (size_t i = 1; i < count; i++)
        assert_int_equal(records[i].serial, records[0].serial);
    if (seen->events < 1100) {
        seen->serials[seen->events] = records[0].serial;
        seen->counts[seen->events] = count;
        snprintf(seen->first_fields[seen->events], 64, "%.*s", (int)records[0].fields_length, records[0].fields);
    }
    seen->events++;
}

static audit_record_t record(int type, uint64_t serial, const char *fields)
{
    audit_record_t r = { type, 1000, serial, fields, strlen(fields) };
    return r;
}

/* An assembler on the heap (it is large) reporting into a fresh seen_t; the caller frees both. */
static audit_event_assembler_t *new_assembler(sa_allocator_t *allocator, seen_t **seen)
{
    audit_event_assembler_t *a = calloc(1, sizeof *a);
    *seen = calloc(1, sizeof **seen);
    assert_non_null(a);
    assert_non_null(*seen);
    audit_event_assembler_init(a, allocator, on_event, *seen);
    return a;
}

static void audit_event_assembler_completes_at_eoe_and_standalone_at_once(void **state)
{
    (void)state;
    sa_allocator_t allocator = { 0 };
    seen_t *seen;
    audit_event_assembler_t *a = new_assembler(&allocator, &seen);
    char text[16];
    strcpy(text, " a=1");
    audit_record_t r = record(AUDIT_RECORD_SYSCALL, 7, text);
    audit_event_assembler_add(a, &r);
    memset(text, 'x', sizeof text - 1); /* the assembler keeps its own copy */
    r = record(AUDIT_RECORD_SOCKADDR, 7, " saddr=00");
    audit_event_assembler_add(a, &r);
    r = record(AUDIT_RECORD_USER_LOGIN, 8, " op=login");
    audit_event_assembler_add(a, &r);
    assert_int_equal(seen->events, 1);
    assert_int_equal(seen->serials[0], 8);
    r = record(AUDIT_RECORD_EOE, 9, "");
    audit_event_assembler_add(a, &r); /* an EOE of no open event: nothing */
    assert_int_equal(seen->events, 1);
    r = record(AUDIT_RECORD_EOE, 7, "");
    audit_event_assembler_add(a, &r);
    assert_int_equal(seen->events, 2);
    assert_int_equal(seen->serials[1], 7);
    assert_int_equal(seen->counts[1], 2);
    assert_string_equal(seen->first_fields[1], " a=1");
    assert_int_equal(allocator.bytes, 0);
    audit_event_assembler_release(a);
    free(seen);
    free(a);
}

static void audit_event_assembler_bounds_open_events_and_flushes_in_order(void **state)
{
    (void)state;
    sa_allocator_t allocator = { 0 };
    seen_t *seen;
    audit_event_assembler_t *a = new_assembler(&allocator, &seen);
    for (uint64_t serial = 100; serial < 100 + AUDIT_EVENT_MAX_PENDING + 3; serial++) {
        audit_record_t r = record(AUDIT_RECORD_SYSCALL, serial, " x=1");
        audit_event_assembler_add(a, &r);
    }
    assert_int_equal(seen->events, 3); /* the three oldest, lost their EOE */
    assert_int_equal(seen->serials[0], 100);
    assert_int_equal(seen->serials[2], 102);
    audit_event_assembler_flush(a);
    assert_int_equal(seen->events, 3 + AUDIT_EVENT_MAX_PENDING);
    assert_int_equal(seen->serials[3], 103);
    assert_int_equal(seen->serials[2 + AUDIT_EVENT_MAX_PENDING], 100 + AUDIT_EVENT_MAX_PENDING + 2);
    assert_int_equal(allocator.bytes, 0);
    free(seen);
    free(a);
}

/* Many events completed at EOE leave stale queue entries; a reused serial keeps its first
 * place (as the C# queue does); the queue is compacted and stays bounded. */
static void audit_event_assembler_compacts_the_queue_of_completed_events(void **state)
{
    (void)state;
    sa_allocator_t allocator = { 0 };
    seen_t *seen;
    audit_event_assembler_t *a = new_assembler(&allocator, &seen);
    audit_record_t r = record(AUDIT_RECORD_SYSCALL, 1, " first");
    audit_event_assembler_add(a, &r);
    for (int i = 0; i < 5000; i++) {
        r = record(AUDIT_RECORD_SYSCALL, 5, " again");
        audit_event_assembler_add(a, &r);
        r = record(AUDIT_RECORD_EOE, 5, "");
        audit_event_assembler_add(a, &r);
        assert_true(a->order_count <= AUDIT_EVENT_MAX_PENDING * 4 + 1);
    }
    assert_int_equal(seen->events, 5000);
    r = record(AUDIT_RECORD_SYSCALL, 5, " last");
    audit_event_assembler_add(a, &r);
    size_t before = seen->events;
    audit_event_assembler_flush(a);
    assert_int_equal(seen->events, before + 2);
    assert_int_equal(allocator.bytes, 0);
    free(seen);
    free(a);
}

static void audit_event_assembler_counts_what_it_cannot_keep(void **state)
{
    (void)state;
    sa_allocator_t allocator = { 0 };
    seen_t *seen;
    audit_event_assembler_t *a = new_assembler(&allocator, &seen);
    for (int i = 0; i < AUDIT_EVENT_MAX_RECORDS + 5; i++) {
        audit_record_t r = record(AUDIT_RECORD_EXECVE, 3, " a0=x");
        audit_event_assembler_add(a, &r);
    }
    assert_int_equal(a->dropped, 5);
    allocator.fail_after = 1;
    audit_record_t r = record(AUDIT_RECORD_SYSCALL, 4, " x=1");
    audit_event_assembler_add(a, &r); /* its record array refused: an empty event, not handed on */
    assert_int_equal(a->dropped, 6);
    audit_event_assembler_flush(a);
    assert_int_equal(seen->events, 1);
    assert_int_equal(seen->counts[0], AUDIT_EVENT_MAX_RECORDS);
    assert_int_equal(allocator.bytes, 0);
    free(seen);
    free(a);
}

static void audit_event_assembler_groups_the_recorded_log(void **state)
{
    (void)state;
    sa_allocator_t allocator = { 0 };
    seen_t *seen;
    audit_event_assembler_t *a = new_assembler(&allocator, &seen);
    FILE *f = fopen(SA_LINUX_FIXTURES "/ConnectionCreate/audit.log", "r");
    assert_non_null(f);
    char line[4096];
    while (fgets(line, sizeof line, f) != NULL) {
        audit_record_t r;
        if (audit_record_parse_log_line(line, strcspn(line, "\n"), &r))
            audit_event_assembler_add(a, &r);
    }
    fclose(f);
    audit_event_assembler_flush(a);
    static const uint64_t serials[] = { 14, 15, 16, 17, 18, 90, 91, 92, 93, 95 };
    assert_int_equal(seen->events, sizeof serials / sizeof serials[0]);
    for (size_t i = 0; i < seen->events; i++)
        assert_int_equal(seen->serials[i], serials[i]);
    assert_int_equal(seen->counts[0], 3);
    assert_int_equal(seen->counts[6], 2);
    assert_int_equal(allocator.bytes, 0);
    free(seen);
    free(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(audit_event_assembler_completes_at_eoe_and_standalone_at_once),
        cmocka_unit_test(audit_event_assembler_bounds_open_events_and_flushes_in_order),
        cmocka_unit_test(audit_event_assembler_compacts_the_queue_of_completed_events),
        cmocka_unit_test(audit_event_assembler_counts_what_it_cannot_keep),
        cmocka_unit_test(audit_event_assembler_groups_the_recorded_log),
    };
    return cmocka_run_group_tests_name("audit_event_assembler", tests, NULL, NULL);
}

/* os_baseline.c - OSBaselineCollector: the project's checks (data/baseline/BaselineChecks.json,
 * compiled in and parsed once at start) and, when the twin enables them, the custom checks of
 * the file it names, used only when the file's SHA-256 is the configured one. One item per
 * check that did not pass (Fail, Err), built-in checks first; an empty snapshot means every
 * check passed. Custom checks carry ExtraDetails.CheckId "custom:<id>". */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "agent.h"
#include "baseline_check.h"
#include "baseline_evaluator.h"
#include "baseline_text.h"
#include "collector.h"
#include "sha256.h"
#include "text_scan.h"

#define CUSTOM_FILE_LIMIT (16u << 20)

typedef struct os_baseline {
    baseline_check_set_t builtin;
    baseline_evaluator_t evaluator;
    size_t items;
} os_baseline_t;

static sa_status_t init(sa_collector_t *c)
{
    os_baseline_t *b = c->context;
    sa_buffer_t errors;
    size_t error_count = 0;
    char why[128];
    buffer_init(&errors, c->allocator);
    int parsed = baseline_check_file_parse(&b->builtin, c->allocator, (const char *)baseline_checks_data,
                                           baseline_checks_data_length, &errors, &error_count, why, sizeof why);
    sa_status_t status = SA_OK;
    if (parsed == -2)
        status = collector_fail(c, SA_ERR_NO_MEMORY, "OSBaseline: out of memory");
    else if (parsed != 0 || error_count > 0)
        status = collector_fail(c, SA_ERR_INVALID_STATE, "OSBaseline: the built-in BaselineChecks.json is invalid: %.*s",
                                parsed != 0 ? (int)strlen(why) : (int)(errors.length > 160 ? 160 : errors.length),
                                parsed != 0 ? why : errors.data);
    buffer_release(&errors);
    if (status != SA_OK) {
        baseline_check_set_release(&b->builtin);
        return status;
    }
    baseline_evaluator_init(&b->evaluator, &c->os, c->allocator);
    return SA_OK;
}

static void exit_collector(sa_collector_t *c)
{
    os_baseline_t *b = c->context;
    baseline_check_set_release(&b->builtin);
    baseline_evaluator_release(&b->evaluator);
}

/* Adds the item of a check that did not pass. */
static sa_status_t add_item(sa_collector_t *c, const baseline_check_t *check, baseline_result_t result, int custom)
{
    os_baseline_t *b = c->context;
    sa_buffer_t *error = &b->evaluator.error;
    sa_status_t status = b->items++ == 0 ? SA_OK : sa_event_add_item(c->event);
    if (status == SA_OK)
        status = collector_set_text(c, "Description", check->description.data, check->description.length);
    if (status == SA_OK)
        status = collector_set_text(c, "CceId", check->cce_id.data == NULL ? "" : check->cce_id.data, check->cce_id.length);
    if (status == SA_OK)
        status = collector_set_text(c, "Result", baseline_result_names[result], strlen(baseline_result_names[result]));
    if (status == SA_OK)
        status = collector_set_text(c, "Error", error->data == NULL ? "" : error->data, error->length);
    if (status == SA_OK)
        status = collector_set_text(c, "Severity", baseline_severity_names[check->severity],
                                    strlen(baseline_severity_names[check->severity]));
    if (status != SA_OK || !custom)
        return status == SA_OK ? collector_set_detail(c, "CheckId", check->id.data, check->id.length) : status;
    sa_buffer_t id;
    buffer_init(&id, c->allocator);
    buffer_append_str(&id, "custom:");
    buffer_append(&id, check->id.data, check->id.length);
    status = id.failed ? SA_ERR_NO_MEMORY : collector_set_detail(c, "CheckId", id.data, id.length);
    buffer_release(&id);
    return status;
}

static sa_status_t evaluate_all(sa_collector_t *c, const baseline_check_set_t *set, int custom)
{
    os_baseline_t *b = c->context;
    for (size_t i = 0; i < set->count; i++) {
        baseline_result_t result;
        if (baseline_evaluate(&b->evaluator, &set->checks[i], &result) != 0)
            return collector_fail(c, SA_ERR_NO_MEMORY, "OSBaseline: out of memory");
        if (result == BASELINE_PASS)
            continue;
        sa_status_t status = add_item(c, &set->checks[i], result, custom);
        if (status != SA_OK)
            return collector_fail(c, status, "OSBaseline: the item was not accepted: %s", sa_strerror(status));
    }
    return SA_OK;
}

/* The .NET exception a failed read gives (its type name goes into the warning). */
static const char *exception_name(int error, const os_source_t *os, const char *relative)
{
    uint32_t mode, uid;
    switch (error) {
    case ENOENT: {
        char parent[256];
        const char *slash = strrchr(relative, '/');
        size_t n = slash == NULL ? 0 : (size_t)(slash - relative);
        if (n >= sizeof parent)
            n = 0;
        memcpy(parent, relative, n);
        parent[n] = 0;
        return os_source_status(os, parent, 1, &mode, &uid) == 0 && S_ISDIR(mode) ? "FileNotFoundException"
                                                                                     : "DirectoryNotFoundException";
    }
    case EACCES:
    case EBADF:
    case EPERM:
    case EISDIR: /* .NET refuses to open a directory as a file: UnauthorizedAccessException */
        return "UnauthorizedAccessException";
    case ENAMETOOLONG: return "PathTooLongException";
    default: return "IOException";
    }
}

/* The hash as Convert.ToHexString gives it (hex into hex[65]), compared with the configured
 * text trimmed and without case. */
static int hash_matches(const uint8_t *bytes, size_t length, const char *configured, size_t configured_length,
                        char hex[65])
{
    uint8_t digest[SHA256_DIGEST_SIZE];
    size_t start = 0, end = configured_length;
    sha256(bytes, length, digest);
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++)
        snprintf(hex + 2 * i, 3, "%02x", digest[i]);
    text_trim(configured, &start, &end);
    return baseline_equals_ignore_case(hex, 64, configured + start, end - start);
}

/* File.ReadAllBytes: every byte, a byte order mark included (it is part of the hash). Returns 0
 * (*bytes owned by the caller), or -errno (-EFBIG past limit). */
static int read_bytes(const os_source_t *os, sa_allocator_t *allocator, const char *relative, size_t limit,
                      char **bytes, size_t *length)
{
    size_t capacity = 4096;
    for (;;) {
        char *buffer = alloc_malloc(allocator, capacity);
        if (buffer == NULL)
            return -ENOMEM;
        ssize_t n = os->ops->read(os, relative, buffer, capacity);
        if (n >= 0 && (size_t)n < capacity) {
            *bytes = buffer;
            *length = (size_t)n;
            return 0;
        }
        alloc_free(allocator, buffer);
        if (n < 0)
            return (int)n;
        if (capacity >= limit)
            return -EFBIG;
        capacity = capacity * 4 > limit ? limit : capacity * 4;
    }
}

/* Loads the custom checks when the twin enables them, as OSBaselineCollector.LoadCustomChecks:
 * a file that cannot be read, has another hash or is not a check file is a warning (the
 * collector's error text, the snapshot still succeeds) and no custom checks run; invalid
 * checks inside are skipped and counted as malformed. SA_OK with set->allocator NULL: none. */
static sa_status_t load_custom(sa_collector_t *c, baseline_check_set_t *set)
{
    const configuration_t *config = &c->agent->config;
    char relative[1100], hex[65], why[160];
    char *bytes = NULL;
    size_t length = 0, skip = 0, error_count = 0;
    memset(set, 0, sizeof *set);
    if (!config->baseline_enabled)
        return SA_OK;
    const char *shown = config->baseline_path;
    int shown_length = config->baseline_path_length > 160 ? 160 : (int)config->baseline_path_length;
    while (skip < config->baseline_path_length && config->baseline_path[skip] == '/')
        skip++;
    size_t n = config->baseline_path_length - skip;
    int error = -ENAMETOOLONG;
    if (n < sizeof relative && memchr(config->baseline_path + skip, 0, n) == NULL) {
        memcpy(relative, config->baseline_path + skip, n);
        relative[n] = 0;
        error = read_bytes(&c->os, c->allocator, relative, CUSTOM_FILE_LIMIT, &bytes, &length);
    }
    if (error == -ENOMEM)
        return collector_fail(c, SA_ERR_NO_MEMORY, "OSBaseline: out of memory");
    if (error != 0) {
        collector_fail(c, SA_OK, "OSBaseline: custom checks file %.*s cannot be read (%s); custom checks skipped",
                       shown_length, shown, exception_name(-error, &c->os, relative));
        return SA_OK;
    }
    sa_status_t status = SA_OK;
    if (!hash_matches((const uint8_t *)bytes, length, config->baseline_hash, config->baseline_hash_length, hex)) {
        collector_fail(c, SA_OK, "OSBaseline: custom checks file %.*s has SHA-256 %s, not the configured hash; custom checks skipped",
                       shown_length, shown, hex);
        goto cleanup;
    }
    sa_buffer_t errors;
    buffer_init(&errors, c->allocator);
    int parsed = baseline_check_file_parse(set, c->allocator, bytes, length, &errors, &error_count, why, sizeof why);
    if (parsed == -2) {
        status = collector_fail(c, SA_ERR_NO_MEMORY, "OSBaseline: out of memory");
    } else if (parsed != 0) {
        c->counters[SA_COLLECTOR_MALFORMED]++;
        collector_fail(c, SA_OK, "OSBaseline: custom checks file %.*s is not a checks file (%s); custom checks skipped",
                       shown_length, shown, why);
    } else if (error_count > 0) {
        c->counters[SA_COLLECTOR_MALFORMED] += error_count;
        collector_fail(c, SA_OK, "OSBaseline: custom checks skipped as invalid: %.*s", (int)errors.length, errors.data);
    }
    buffer_release(&errors);
cleanup:
    alloc_free(c->allocator, bytes);
    return status;
}

static sa_status_t collect(sa_collector_t *c)
{
    os_baseline_t *b = c->context;
    baseline_check_set_t custom;
    memset(&custom, 0, sizeof custom);
    c->error[0] = 0;
    b->items = 0;
    sa_status_t status = collector_begin(c, "OSBaseline");
    if (status == SA_OK)
        status = evaluate_all(c, &b->builtin, 0);
    if (status == SA_OK)
        status = load_custom(c, &custom);
    if (status == SA_OK && custom.allocator != NULL)
        status = evaluate_all(c, &custom, 1);
    baseline_check_set_release(&custom);
    if (status == SA_OK)
        status = collector_submit(c);
    return status;
}

const collector_descriptor_t os_baseline_descriptor = {
    .name = "OSBaseline",
    .help = "The OS baseline checks (data/baseline/BaselineChecks.json) and the twin's custom checks (Periodic)",
    .context_size = sizeof(os_baseline_t),
    .periodic = 1,
    .init = init,
    .collect = collect,
    .exit = exit_collector,
};

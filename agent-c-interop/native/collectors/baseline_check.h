/* baseline_check.h - OSBaseline's checks as data (the C# BaselineCheck and BaselineCheckFile):
 * a check file `{"version": 1, "checks": [...]}` parsed into plain structs whose texts point
 * into the parsed document. The format is in docs/collectors-linux.md ("Check files"); the
 * project's own checks are data/baseline/BaselineChecks.json, compiled in (baseline_checks_data). */
#ifndef SA_BASELINE_CHECK_H
#define SA_BASELINE_CHECK_H

#include <stddef.h>
#include <stdint.h>

#include "alloc.h"
#include "buffer.h"
#include "json_reader.h"

/* A text of a check: data NULL is the C# null (not given); otherwise length bytes, which may
 * hold NUL (a JSON \u0000). */
typedef struct baseline_text {
    const char *data;
    size_t length;
} baseline_text_t;

/* The order of the C# enums BaselineResult and BaselineSeverity. */
typedef enum baseline_result { BASELINE_PASS, BASELINE_FAIL, BASELINE_ERR } baseline_result_t;
typedef enum baseline_severity {
    BASELINE_CRITICAL, BASELINE_IMPORTANT, BASELINE_WARNING, BASELINE_INFORMATIONAL
} baseline_severity_t;

/* The kinds, in the order of BaselineCheckFile.Kinds. */
typedef enum baseline_kind {
    BASELINE_KEY_VALUE, BASELINE_FILE_CONTENT, BASELINE_FILE_MODE, BASELINE_ABSENT, BASELINE_MOUNT_OPTION,
    BASELINE_NO_EMPTY_PASSWORDS, BASELINE_ONLY_ROOT_UID0, BASELINE_KIND_COUNT
} baseline_kind_t;

typedef struct baseline_list {
    const baseline_text_t *items;
    size_t count;
} baseline_list_t;

typedef struct baseline_check {
    baseline_text_t id, description, cce_id, path, key, default_value, mount_point;
    baseline_list_t allowed, paths, options;
    int64_t min, max;
    int32_t max_mode; /* Convert.ToInt32(text, 8): 11 octal digits may set the sign bit */
    uint32_t owner;
    uint8_t has_min, has_max, has_max_mode, has_owner;
    uint8_t severity; /* baseline_severity_t */
    uint8_t kind;     /* baseline_kind_t */
    uint8_t missing;  /* baseline_result_t: the result when the file or mount is missing */
} baseline_check_t;

/* The checks of one file; owns the document their texts point into. */
typedef struct baseline_check_set {
    sa_allocator_t *allocator;
    json_document_t document;
    baseline_check_t *checks;
    size_t count;
    baseline_text_t *texts; /* the items of every list, one allocation */
} baseline_check_set_t;

extern const char *const baseline_result_names[3];
extern const char *const baseline_severity_names[4];
extern const char *const baseline_kind_names[BASELINE_KIND_COUNT];

/*
 * baseline_check_file_parse - parses a check file (bytes as read: invalid UTF-8 is replaced by
 * U+FFFD first, as Encoding.UTF8.GetString does; comments and trailing commas are allowed, as
 * the C# JsonDocumentOptions say). A check that is not valid is skipped, counted in
 * *error_count and described in errors ("check 1: no-kind: kind is one of ...", "; "-separated),
 * as the C# errors list. Returns 0 (the set is filled; release it); -1 when the text is not an
 * object with a "checks" array (why says which; nothing to release); -2 out of memory.
 */
int baseline_check_file_parse(baseline_check_set_t *set, sa_allocator_t *allocator, const char *text, size_t length,
                              sa_buffer_t *errors, size_t *error_count, char *why, size_t why_capacity);

/* baseline_check_set_release - frees what the set owns; a zeroed set is a no-op. */
void baseline_check_set_release(baseline_check_set_t *set);

/* baseline_checks_builtin - the bytes of data/baseline/BaselineChecks.json (generated source). */
extern const unsigned char baseline_checks_data[];
extern const size_t baseline_checks_data_length;

#endif

/* baseline_check_file.c - reads a file of checks as the C# BaselineCheckFile does: the same
 * members, the same defaults, the same validity rules in the same order, the same texts. */
#include "baseline_check.h"

#include <stdio.h>
#include <string.h>

#include "baseline_text.h"
#include "text_scan.h"
#include "utf8.h"

const char *const baseline_result_names[3] = {"Pass", "Fail", "Err"};
const char *const baseline_severity_names[4] = {"Critical", "Important", "Warning", "Informational"};
const char *const baseline_kind_names[BASELINE_KIND_COUNT] = {
    "keyValue", "fileContent", "fileMode", "absent", "mountOption", "noEmptyPasswords", "onlyRootUid0"};

static int is(baseline_text_t text, const char *word)
{
    return text.data != NULL && text_equals(text.data, text.length, word);
}

/* Text(): a string member's value, a number member's text, else null. */
static baseline_text_t member_text(const json_document_t *doc, uint32_t object, const char *name)
{
    baseline_text_t text = {NULL, 0};
    uint32_t node = json_member(doc, object, name);
    if (node != 0 && (doc->nodes[node].type == JSON_STRING || doc->nodes[node].type == JSON_NUMBER)) {
        text.data = doc->strings.data == NULL ? "" : doc->strings.data + doc->nodes[node].string_offset;
        text.length = doc->nodes[node].string_length;
    }
    return text;
}

/* Number(): a whole number that fits int64, from a number's text (TryGetInt64 takes no
 * fraction or exponent) or from a string (long.TryParse, AllowLeadingSign). */
static int member_number(const json_document_t *doc, uint32_t object, const char *name, int64_t *value)
{
    baseline_text_t text = member_text(doc, object, name);
    return text.data != NULL && baseline_parse_long(text.data, text.length, value);
}

/* Texts(): the string items of an array member, into texts[*used..]; none for anything else. */
static baseline_list_t member_texts(const json_document_t *doc, uint32_t object, const char *name,
                                    baseline_text_t *texts, size_t *used)
{
    baseline_list_t list = {texts + *used, 0};
    uint32_t node = json_member(doc, object, name);
    if (node == 0 || doc->nodes[node].type != JSON_ARRAY)
        return list;
    for (uint32_t item = doc->nodes[node].child; item != 0; item = doc->nodes[item].next)
        if (doc->nodes[item].type == JSON_STRING) {
            texts[*used].data = doc->strings.data + doc->nodes[item].string_offset;
            texts[*used].length = doc->nodes[item].string_length;
            ++*used;
            list.count++;
        }
    return list;
}

/* .NET white space around a severity (Enum.TryParse trims it). */
static baseline_text_t trimmed(const char *data, size_t length)
{
    size_t start = 0, end = length;
    text_trim(data, &start, &end);
    return (baseline_text_t){data + start, end - start};
}

/* Enum.TryParse<BaselineSeverity>(text, ignoreCase: false) && Enum.IsDefined: a number
 * (sign allowed), or names joined by commas and OR-ed together, as .NET reads flags. */
static int parse_severity(baseline_text_t text, uint8_t *severity)
{
    if (text.data == NULL)
        return 0;
    baseline_text_t all = trimmed(text.data, text.length);
    if (all.length == 0)
        return 0;
    unsigned char first = (unsigned char)all.data[0];
    int64_t value = 0;
    if ((first >= '0' && first <= '9') || first == '-' || first == '+') {
        if (!baseline_parse_long(all.data, all.length, &value) || value < INT32_MIN || value > INT32_MAX)
            return 0;
    } else {
        size_t start = 0;
        while (start <= all.length) {
            const char *comma = memchr(all.data + start, ',', all.length - start);
            size_t end = comma != NULL ? (size_t)(comma - all.data) : all.length;
            baseline_text_t part = trimmed(all.data + start, end - start);
            int found = -1;
            for (int i = 0; i < 4; i++)
                if (text_equals(part.data, part.length, baseline_severity_names[i]))
                    found = i;
            if (found < 0)
                return 0;
            value |= found;
            start = end + 1;
        }
    }
    if (value < 0 || value > BASELINE_INFORMATIONAL)
        return 0;
    *severity = (uint8_t)value;
    return 1;
}

/* Convert.ToInt32(text, 8): an optional +, octal digits and nothing else; up to 32 bits, the
 * top one becoming the sign. */
static int parse_octal(baseline_text_t text, int32_t *value)
{
    size_t i = 0;
    uint32_t result = 0;
    if (text.length == 0)
        return 0;
    if (text.data[0] == '+')
        i++;
    size_t digits = i;
    for (; i < text.length && text.data[i] >= '0' && text.data[i] <= '7'; i++) {
        if (result > 0x1FFFFFFFu)
            return 0;
        result = result * 8 + (uint32_t)(text.data[i] - '0');
    }
    if (i == digits || i != text.length)
        return 0;
    *value = (int32_t)result;
    return 1;
}

/* Appends "check <index>: <what>" to the errors. */
static void add_error(sa_buffer_t *errors, size_t *error_count, size_t index, const char *what, baseline_text_t id,
                      const char *rest)
{
    char number[24];
    snprintf(number, sizeof number, "%zu", index);
    if (errors->length > 0)
        buffer_append_str(errors, "; ");
    buffer_append_str(errors, "check ");
    buffer_append_str(errors, number);
    buffer_append_str(errors, what);
    if (id.data != NULL) {
        buffer_append(errors, id.data, id.length);
        buffer_append_str(errors, rest);
    }
    ++*error_count;
}

/* TryRead: the check of `object`, or 0 with *error (static text) and whether it is prefixed
 * by the id ("<id>: ..."). */
static int read_check(const json_document_t *doc, uint32_t object, baseline_check_t *check, baseline_text_t *texts,
                      size_t *used, const char **error, int *with_id)
{
    memset(check, 0, sizeof *check);
    *with_id = 1;
    if (doc->nodes[object].type != JSON_OBJECT) {
        *error = "not an object";
        *with_id = 0;
        return 0;
    }
    check->id = member_text(doc, object, "id");
    check->description = member_text(doc, object, "description");
    baseline_text_t kind = member_text(doc, object, "kind");
    if (check->id.data == NULL || check->id.length == 0 || check->description.data == NULL
        || check->description.length == 0) {
        *error = "id and description are required";
        *with_id = 0;
        return 0;
    }
    if (!parse_severity(member_text(doc, object, "severity"), &check->severity)) {
        *error = ": severity is one of Critical, Important, Warning, Informational";
        return 0;
    }
    check->kind = BASELINE_KIND_COUNT;
    for (uint8_t k = 0; k < BASELINE_KIND_COUNT; k++)
        if (is(kind, baseline_kind_names[k]))
            check->kind = k;
    if (check->kind == BASELINE_KIND_COUNT) {
        *error = ": kind is one of keyValue, fileContent, fileMode, absent, mountOption, noEmptyPasswords, onlyRootUid0";
        return 0;
    }
    baseline_text_t missing = member_text(doc, object, "missing");
    int missing_valid = 1;
    if (missing.data == NULL || is(missing, "err"))
        check->missing = BASELINE_ERR;
    else if (is(missing, "pass"))
        check->missing = BASELINE_PASS;
    else if (is(missing, "fail"))
        check->missing = BASELINE_FAIL;
    else
        missing_valid = 0;
    baseline_text_t mode = member_text(doc, object, "maxMode");
    if (mode.data != NULL) {
        if (!parse_octal(mode, &check->max_mode)) {
            *error = ": maxMode is an octal mode";
            return 0;
        }
        check->has_max_mode = 1;
    }
    int64_t owner;
    check->cce_id = member_text(doc, object, "cceId");
    check->path = member_text(doc, object, "path");
    check->key = member_text(doc, object, "key");
    check->default_value = member_text(doc, object, "default");
    check->allowed = member_texts(doc, object, "allowed", texts, used);
    check->has_min = (uint8_t)member_number(doc, object, "min", &check->min);
    check->has_max = (uint8_t)member_number(doc, object, "max", &check->max);
    if (member_number(doc, object, "owner", &owner)) {
        check->has_owner = 1;
        check->owner = (uint32_t)(uint64_t)owner; /* (uint?)long: unchecked, the low 32 bits */
    }
    check->paths = member_texts(doc, object, "paths", texts, used);
    check->mount_point = member_text(doc, object, "mountPoint");
    check->options = member_texts(doc, object, "options", texts, used);
    *error = NULL;
    if (!missing_valid)
        *error = ": missing is pass, fail or err";
    else if (check->kind == BASELINE_KEY_VALUE && (check->path.data == NULL || check->key.data == NULL))
        *error = ": keyValue needs path and key";
    else if (check->kind == BASELINE_KEY_VALUE && check->allowed.count == 0 && !check->has_min && !check->has_max)
        *error = ": keyValue needs allowed, min or max";
    else if (check->kind == BASELINE_FILE_CONTENT && (check->path.data == NULL || check->allowed.count == 0))
        *error = ": fileContent needs path and allowed";
    else if (check->kind == BASELINE_FILE_MODE && (check->path.data == NULL || !check->has_max_mode))
        *error = ": fileMode needs path and maxMode";
    else if (check->kind == BASELINE_ABSENT && check->paths.count == 0)
        *error = ": absent needs paths";
    else if (check->kind == BASELINE_MOUNT_OPTION && (check->mount_point.data == NULL || check->options.count == 0))
        *error = ": mountOption needs mountPoint and options";
    else if (check->kind == BASELINE_NO_EMPTY_PASSWORDS && check->path.data == NULL)
        *error = ": noEmptyPasswords needs path";
    else if (check->kind == BASELINE_ONLY_ROOT_UID0 && check->path.data == NULL)
        *error = ": onlyRootUid0 needs path";
    return *error == NULL;
}

static int same_text(baseline_text_t a, baseline_text_t b)
{
    return a.length == b.length && memcmp(a.data, b.data, a.length) == 0;
}

int baseline_check_file_parse(baseline_check_set_t *set, sa_allocator_t *allocator, const char *text, size_t length,
                              sa_buffer_t *errors, size_t *error_count, char *why, size_t why_capacity)
{
    sa_buffer_t repaired;
    size_t error_offset = 0;
    const char *reason = NULL;
    memset(set, 0, sizeof *set);
    set->allocator = allocator;
    *error_count = 0;
    buffer_init(&repaired, allocator);
    const char *json = text;
    if (!utf8_is_valid(text, length)) {
        utf8_append_repaired(&repaired, text, length, length * 3 + 3);
        if (repaired.failed) {
            buffer_release(&repaired);
            return -2;
        }
        json = repaired.data;
        length = repaired.length;
    }
    /* the C# reader's JsonDocumentOptions; number texts copied, since the repaired text goes */
    const json_parse_options_t options = {
        .flags = JSON_ALLOW_COMMENTS | JSON_ALLOW_TRAILING_COMMAS | JSON_KEEP_NUMBER_TEXT,
        .max_depth = JSON_DOTNET_MAX_DEPTH,
    };
    int parsed = json_parse_with(&set->document, allocator, json, length, &options, &error_offset, &reason);
    buffer_release(&repaired);
    if (parsed != 0) {
        json_release(&set->document);
        memset(set, 0, sizeof *set);
        if (parsed == -2)
            return -2;
        snprintf(why, why_capacity, "not JSON: %s at byte %zu", reason, error_offset);
        return -1;
    }
    const json_document_t *doc = &set->document;
    uint32_t list = json_member(doc, 0, "checks");
    if (list == 0 || doc->nodes[list].type != JSON_ARRAY) {
        json_release(&set->document);
        memset(set, 0, sizeof *set);
        snprintf(why, why_capacity, "no \"checks\" array");
        return -1;
    }
    /* bound every allocation by the document: no list holds more than its node count */
    size_t items = 0, strings = 0;
    for (uint32_t c = doc->nodes[list].child; c != 0; c = doc->nodes[c].next)
        items++;
    for (uint32_t n = 0; n < doc->count; n++)
        strings += doc->nodes[n].type == JSON_STRING;
    set->checks = items > 0 ? alloc_calloc(allocator, items, sizeof *set->checks) : NULL;
    set->texts = strings > 0 ? alloc_calloc(allocator, strings, sizeof *set->texts) : NULL;
    if ((items > 0 && set->checks == NULL) || (strings > 0 && set->texts == NULL)) {
        baseline_check_set_release(set);
        return -2;
    }
    size_t index = 0, used = 0;
    for (uint32_t c = doc->nodes[list].child; c != 0; c = doc->nodes[c].next, index++) {
        baseline_check_t *check = &set->checks[set->count];
        const char *error;
        int with_id;
        size_t mark = used;
        if (!read_check(doc, c, check, set->texts, &used, &error, &with_id)) {
            used = mark;
            if (with_id)
                add_error(errors, error_count, index, ": ", check->id, error);
            else {
                add_error(errors, error_count, index, ": ", (baseline_text_t){NULL, 0}, "");
                buffer_append_str(errors, error);
            }
            continue;
        }
        int duplicate = 0;
        for (size_t k = 0; k < set->count; k++)
            duplicate |= same_text(set->checks[k].id, check->id);
        if (duplicate) {
            used = mark;
            add_error(errors, error_count, index, " (", check->id, "): duplicate id");
            continue;
        }
        set->count++;
    }
    if (errors->failed) {
        baseline_check_set_release(set);
        return -2;
    }
    return 0;
}

void baseline_check_set_release(baseline_check_set_t *set)
{
    if (set->allocator == NULL)
        return;
    alloc_free(set->allocator, set->checks);
    alloc_free(set->allocator, set->texts);
    json_release(&set->document);
    memset(set, 0, sizeof *set);
}

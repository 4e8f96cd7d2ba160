/* baseline_evaluator.c - the C# BaselineEvaluator over an os_source. Paths are resolved as
 * .NET's Path.GetFullPath does (".", ".." and repeated slashes removed as text), existence is
 * File.Exists / Directory.Exists / FileInfo.LinkTarget, files are decoded as StreamReader does
 * (a UTF-8 byte order mark dropped, invalid UTF-8 replaced by U+FFFD), and a file that cannot
 * be read is Err with the text of the .NET exception, the root replaced by "/". */
#define _GNU_SOURCE
#include "baseline_evaluator.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "baseline_text.h"
#include "text_scan.h"
#include "utf8.h"

#define FILE_LIMIT (64u << 20)

typedef struct span {
    const char *data;
    size_t length;
} span_t;

/* A path under the root, resolved as text. */
typedef struct resolved {
    char relative[PATH_MAX]; /* for the os_source: "etc/passwd"; leading ".." kept */
    int trailing_slash;      /* the path ended in '/': File.Exists is false */
} resolved_t;

void baseline_evaluator_init(baseline_evaluator_t *e, const os_source_t *os, sa_allocator_t *allocator)
{
    e->os = os;
    e->allocator = allocator;
    buffer_init(&e->error, allocator);
    buffer_init(&e->scratch, allocator);
}

void baseline_evaluator_release(baseline_evaluator_t *e)
{
    buffer_release(&e->error);
    buffer_release(&e->scratch);
}

static void append_span(sa_buffer_t *b, span_t s)
{
    buffer_append(b, s.data, s.length);
}

static void append_text(sa_buffer_t *b, baseline_text_t t)
{
    buffer_append(b, t.data, t.length);
}

static void append_join(sa_buffer_t *b, baseline_list_t list, const char *separator)
{
    for (size_t i = 0; i < list.count; i++) {
        if (i > 0)
            buffer_append_str(b, separator);
        append_text(b, list.items[i]);
    }
}

/* Path.Combine(root, relative.TrimStart('/')) then GetFullPath, as a path under the root.
 * -EINVAL: a NUL in the path (.NET refuses it: the file does not exist); -ENAMETOOLONG. */
static int resolve(baseline_text_t text, resolved_t *out)
{
    size_t used = 0, i = 0;
    if (memchr(text.data, 0, text.length) != NULL)
        return -EINVAL;
    while (i < text.length && text.data[i] == '/')
        i++;
    out->trailing_slash = text.length > i && text.data[text.length - 1] == '/';
    while (i < text.length) {
        const char *slash = memchr(text.data + i, '/', text.length - i);
        size_t end = slash != NULL ? (size_t)(slash - text.data) : text.length, n = end - i;
        const char *segment = text.data + i;
        i = end + 1;
        if (n == 0 || (n == 1 && segment[0] == '.'))
            continue;
        if (n == 2 && segment[0] == '.' && segment[1] == '.') {
            /* pop the last segment unless there is none (or only "..": above the root) */
            size_t last = used;
            while (last > 0 && out->relative[last - 1] != '/')
                last--;
            if (used > 0 && !(used - last == 2 && memcmp(out->relative + last, "..", 2) == 0)) {
                used = last > 0 ? last - 1 : 0;
                continue;
            }
        }
        if (used + 1 + n + 1 > sizeof out->relative)
            return -ENAMETOOLONG;
        if (used > 0)
            out->relative[used++] = '/';
        memcpy(out->relative + used, segment, n);
        used += n;
    }
    out->relative[used] = 0;
    return 0;
}

/* File.Exists: stat, or lstat where stat fails (a dangling link is a file); not a directory. */
static int file_exists(const baseline_evaluator_t *e, const resolved_t *path)
{
    uint32_t mode, uid;
    if (path->trailing_slash)
        return 0;
    if (os_source_status(e->os, path->relative, 1, &mode, &uid) != 0
        && os_source_status(e->os, path->relative, 0, &mode, &uid) != 0)
        return 0;
    return !S_ISDIR(mode);
}

/* The full path as .NET shows it in an exception message. */
static void append_full_path(sa_buffer_t *b, const baseline_evaluator_t *e, const resolved_t *path)
{
    buffer_append_str(b, e->os->root);
    buffer_append_char(b, '/');
    buffer_append_str(b, path->relative);
    if (path->trailing_slash && path->relative[0] != 0)
        buffer_append_char(b, '/');
}

/* Whether the directory holding path exists (.NET blames the file or the path for ENOENT). */
static int parent_exists(const baseline_evaluator_t *e, const resolved_t *path)
{
    char parent[PATH_MAX];
    uint32_t mode, uid;
    const char *slash = strrchr(path->relative, '/');
    size_t n = slash == NULL ? 0 : (size_t)(slash - path->relative);
    memcpy(parent, path->relative, n);
    parent[n] = 0;
    return os_source_status(e->os, parent, 1, &mode, &uid) == 0 && S_ISDIR(mode);
}

/* error = "cannot read: <the .NET exception's message>", the root replaced by "/" as the C#
 * evaluator does (every occurrence). */
static void read_failed(baseline_evaluator_t *e, const resolved_t *path, int error)
{
    sa_buffer_t message, full;
    buffer_init(&message, e->allocator);
    buffer_init(&full, e->allocator);
    append_full_path(&full, e, path);
    switch (error) {
    case ENOENT:
        buffer_append_str(&message, parent_exists(e, path) ? "Could not find file '" : "Could not find a part of the path '");
        buffer_append(&message, full.data, full.length);
        buffer_append_str(&message, "'.");
        break;
    case EACCES:
    case EBADF:
    case EPERM:
        buffer_append_str(&message, "Access to the path '");
        buffer_append(&message, full.data, full.length);
        buffer_append_str(&message, "' is denied.");
        break;
    case ENAMETOOLONG:
        buffer_append_str(&message, "The path '");
        buffer_append(&message, full.data, full.length);
        buffer_append_str(&message, "' is too long, or a component of the specified path is too long.");
        break;
    default:
        buffer_append_str(&message, strerror(error));
        buffer_append_str(&message, " : '");
        buffer_append(&message, full.data, full.length);
        buffer_append_str(&message, "'");
        break;
    }
    buffer_clear(&e->error);
    buffer_append_str(&e->error, "cannot read: ");
    size_t root = strlen(e->os->root);
    for (size_t i = 0; i < message.length;) {
        if (root > 0 && message.length - i >= root && memcmp(message.data + i, e->os->root, root) == 0) {
            buffer_append_char(&e->error, '/');
            i += root;
        } else {
            buffer_append_char(&e->error, message.data[i++]);
        }
    }
    if (message.failed || full.failed)
        e->error.failed = 1;
    buffer_release(&message);
    buffer_release(&full);
}

/* Reads the file as text into e->scratch; 0, or -1 with the error text set (-ENOMEM: memory). */
static int read_text(baseline_evaluator_t *e, const resolved_t *path, span_t *text)
{
    char *bytes = NULL;
    size_t length = 0;
    int error = os_source_read_all(e->os, e->allocator, path->relative, FILE_LIMIT, &bytes, &length);
    if (error == -ENOMEM)
        return -ENOMEM;
    if (error != 0) {
        read_failed(e, path, -error);
        return -1;
    }
    buffer_clear(&e->scratch);
    if (utf8_is_valid(bytes, length))
        buffer_append(&e->scratch, bytes, length);
    else
        utf8_append_repaired(&e->scratch, bytes, length, length * 3 + 3);
    alloc_free(e->allocator, bytes);
    if (e->scratch.failed)
        return -ENOMEM;
    text->data = e->scratch.data == NULL ? "" : e->scratch.data;
    text->length = e->scratch.length;
    return 0;
}

static int span_is(span_t s, const char *word)
{
    return text_equals(s.data, s.length, word);
}

static span_t trim(span_t s)
{
    size_t start = 0, end = s.length;
    text_trim(s.data, &start, &end);
    return (span_t){s.data + start, end - start};
}

/* The file of a check is missing: its `missing` result, with "/<path> does not exist" unless
 * that is Pass. Returns 1 when missing (result and error set). */
static int missing_file(baseline_evaluator_t *e, const baseline_check_t *check, baseline_text_t relative,
                        const resolved_t *path, int resolved, baseline_result_t *result)
{
    if (resolved == 0 && file_exists(e, path))
        return 0;
    *result = check->missing;
    if (check->missing != BASELINE_PASS) {
        size_t skip = 0;
        while (skip < relative.length && relative.data[skip] == '/')
            skip++;
        buffer_append_char(&e->error, '/');
        buffer_append(&e->error, relative.data + skip, relative.length - skip);
        buffer_append_str(&e->error, " does not exist");
    }
    return 1;
}

/* path's text for a check: 1 and *text; else the check is decided as BASELINE_ERR (the reason
 * in e->error) and the return is 0, or -ENOMEM. */
static int text_or_error(baseline_evaluator_t *e, const resolved_t *path, baseline_result_t *result, span_t *text)
{
    int status = read_text(e, path, text);
    if (status == 0)
        return 1;
    *result = BASELINE_ERR;
    return status == -ENOMEM ? status : 0;
}

/* The text of check->path: 1 and *text; else the check is decided (missing, or unreadable) and
 * the return is 0, or -ENOMEM. */
static int check_file_text(baseline_evaluator_t *e, const baseline_check_t *check, baseline_result_t *result,
                           span_t *text)
{
    resolved_t path;
    int resolved = resolve(check->path, &path);
    if (missing_file(e, check, check->path, &path, resolved, result))
        return 0;
    return text_or_error(e, &path, result, text);
}

static int contains_ignore_case(baseline_list_t list, span_t value)
{
    for (size_t i = 0; i < list.count; i++)
        if (baseline_equals_ignore_case(list.items[i].data, list.items[i].length, value.data, value.length))
            return 1;
    return 0;
}

/* TryNumber: a number, or a duration with an sshd suffix (s, m, h, d, w) in seconds. */
static int try_number(span_t text, int64_t *number)
{
    int64_t multiplier = 0;
    if (text.length > 1) {
        switch (text.data[text.length - 1]) {
        case 's': case 'S': multiplier = 1; break;
        case 'm': case 'M': multiplier = 60; break;
        case 'h': case 'H': multiplier = 3600; break;
        case 'd': case 'D': multiplier = 86400; break;
        case 'w': case 'W': multiplier = 604800; break;
        default: break;
        }
    }
    if (!baseline_parse_long(text.data, multiplier == 0 ? text.length : text.length - 1, number))
        return 0;
    /* C# multiplies unchecked: wrap around as it does */
    *number = (int64_t)((uint64_t)*number * (uint64_t)(multiplier > 1 ? multiplier : 1));
    return 1;
}

static void append_int(sa_buffer_t *b, int64_t value)
{
    char text[24];
    snprintf(text, sizeof text, "%" PRId64, value);
    buffer_append_str(b, text);
}

static int key_value(baseline_evaluator_t *e, const baseline_check_t *check, baseline_result_t *result)
{
    span_t text, value = {NULL, 0};
    int status = check_file_text(e, check, result, &text);
    if (status <= 0)
        return status;
    size_t position = 0, start, end;
    while (text_next_line(text.data, text.length, &position, &start, &end, TEXT_LINES_READLINES)) {
        span_t line = trim((span_t){text.data + start, end - start});
        if (line.length == 0 || line.data[0] == '#')
            continue;
        size_t space = 0;
        while (space < line.length && line.data[space] != ' ' && line.data[space] != '\t' && line.data[space] != '=')
            space++;
        if (baseline_equals_ignore_case(line.data, space, "Match", 5))
            break; /* sshd: what follows applies to some connections only */
        if (space > 0 && space < line.length
            && baseline_equals_ignore_case(line.data, space, check->key.data, check->key.length)) {
            value = trim((span_t){line.data + space + 1, line.length - space - 1});
            while (value.length > 0 && value.data[0] == '=')
                value.data++, value.length--;
            value = trim(value);
            while (value.length > 0 && value.data[0] == '"')
                value.data++, value.length--;
            while (value.length > 0 && value.data[value.length - 1] == '"')
                value.length--;
            break; /* sshd and login.defs use the first value given */
        }
    }
    int set = value.data != NULL;
    if (!set && check->default_value.data != NULL)
        value = (span_t){check->default_value.data, check->default_value.length};
    sa_buffer_t *out = &e->error;
    if (value.data == NULL) {
        *result = BASELINE_FAIL;
        append_text(out, check->key);
        buffer_append_str(out, " is not set");
        return 0;
    }
    *result = BASELINE_FAIL;
    append_text(out, check->key);
    buffer_append_str(out, set ? " is " : " is not set (default ");
    append_span(out, value);
    if (!set)
        buffer_append_char(out, ')');
    if (check->allowed.count > 0 && !contains_ignore_case(check->allowed, value)) {
        buffer_append_str(out, "; expected ");
        append_join(out, check->allowed, " or ");
        return 0;
    }
    if (check->has_min || check->has_max) {
        int64_t number;
        if (!try_number(value, &number)) {
            buffer_append_str(out, "; expected a number");
            return 0;
        }
        if ((check->has_min && number < check->min) || (check->has_max && number > check->max)) {
            buffer_append_str(out, "; expected ");
            if (check->has_min && check->has_max) {
                append_int(out, check->min);
                buffer_append_str(out, " to ");
                append_int(out, check->max);
            } else if (check->has_min) {
                buffer_append_str(out, "at least ");
                append_int(out, check->min);
            } else {
                buffer_append_str(out, "at most ");
                append_int(out, check->max);
            }
            return 0;
        }
    }
    *result = BASELINE_PASS;
    buffer_clear(out);
    return 0;
}

static int file_content(baseline_evaluator_t *e, const baseline_check_t *check, baseline_result_t *result)
{
    span_t text;
    int status = check_file_text(e, check, result, &text);
    if (status <= 0)
        return status;
    span_t value = trim(text);
    if (contains_ignore_case(check->allowed, value)) {
        *result = BASELINE_PASS;
        return 0;
    }
    *result = BASELINE_FAIL;
    buffer_append_char(&e->error, '/');
    append_text(&e->error, check->path);
    buffer_append_str(&e->error, " is ");
    append_span(&e->error, value);
    buffer_append_str(&e->error, "; expected ");
    append_join(&e->error, check->allowed, " or ");
    return 0;
}

/* Convert.ToString(mode, 8).PadLeft(4, '0'); a negative mode shows its 32 bits. */
static void append_mode(sa_buffer_t *b, int32_t mode)
{
    char text[16];
    snprintf(text, sizeof text, "%04" PRIo32, (uint32_t)mode);
    buffer_append_str(b, text);
}

static int file_mode(baseline_evaluator_t *e, const baseline_check_t *check, baseline_result_t *result)
{
    resolved_t path;
    uint32_t mode, uid;
    int resolved = resolve(check->path, &path);
    if (missing_file(e, check, check->path, &path, resolved, result))
        return 0;
    int error = os_source_status(e->os, path.relative, 1, &mode, &uid);
    if (error != 0) {
        char number[16];
        snprintf(number, sizeof number, "%d", -error);
        *result = BASELINE_ERR;
        buffer_append_str(&e->error, "cannot stat /");
        append_text(&e->error, check->path);
        buffer_append_str(&e->error, " (errno ");
        buffer_append_str(&e->error, number);
        buffer_append_str(&e->error, ")");
        return 0;
    }
    int32_t bits = (int32_t)(mode & 07777);
    int problems = 0;
    sa_buffer_t *out = &e->error;
    buffer_append_char(out, '/');
    append_text(out, check->path);
    buffer_append_str(out, ": ");
    if ((bits & ~check->max_mode) != 0) {
        buffer_append_str(out, "mode is ");
        append_mode(out, bits);
        buffer_append_str(out, ", more than ");
        append_mode(out, check->max_mode);
        problems++;
    }
    if (check->has_owner && uid != check->owner) {
        char text[64];
        snprintf(text, sizeof text, "%sowner is uid %" PRIu32 ", not %" PRIu32, problems > 0 ? "; " : "", uid,
                 check->owner);
        buffer_append_str(out, text);
        problems++;
    }
    *result = problems == 0 ? BASELINE_PASS : BASELINE_FAIL;
    if (problems == 0)
        buffer_clear(out);
    return 0;
}

/* File.Exists || Directory.Exists || FileInfo.LinkTarget != null: anything lstat finds; with a
 * trailing slash only a directory (or a link to one). */
static int present(const baseline_evaluator_t *e, baseline_text_t text)
{
    resolved_t path;
    uint32_t mode, uid;
    if (resolve(text, &path) != 0)
        return 0;
    if (path.trailing_slash)
        return os_source_status(e->os, path.relative, 1, &mode, &uid) == 0 && S_ISDIR(mode);
    return os_source_status(e->os, path.relative, 0, &mode, &uid) == 0;
}

static int absent(baseline_evaluator_t *e, const baseline_check_t *check, baseline_result_t *result)
{
    size_t count = 0;
    for (size_t i = 0; i < check->paths.count; i++) {
        if (!present(e, check->paths.items[i]))
            continue;
        buffer_append_str(&e->error, count++ == 0 ? "present: /" : ", /");
        append_text(&e->error, check->paths.items[i]);
    }
    *result = count == 0 ? BASELINE_PASS : BASELINE_FAIL;
    return 0;
}

/* The index-th field of line split at separator (string.Split), or 0 when there are fewer. */
static int field(span_t line, char separator, size_t index, span_t *out)
{
    size_t start = 0;
    for (size_t i = 0; i < index; i++) {
        const char *next = memchr(line.data + start, separator, line.length - start);
        if (next == NULL)
            return 0;
        start = (size_t)(next - line.data) + 1;
    }
    const char *end = memchr(line.data + start, separator, line.length - start);
    *out = (span_t){line.data + start, end == NULL ? line.length - start : (size_t)(end - line.data) - start};
    return 1;
}

static int has_option(span_t options, baseline_text_t option)
{
    span_t one;
    for (size_t i = 0; field(options, ',', i, &one); i++)
        if (one.length == option.length && memcmp(one.data, option.data, option.length) == 0)
            return 1;
    return 0;
}

static int mount_option(baseline_evaluator_t *e, const baseline_check_t *check, baseline_result_t *result)
{
    resolved_t path = {"proc/mounts", 0};
    span_t text, options = {NULL, 0};
    int status = text_or_error(e, &path, result, &text);
    if (status <= 0)
        return status;
    size_t position = 0, start, end;
    while (text_next_line(text.data, text.length, &position, &start, &end, TEXT_LINES_READLINES)) {
        span_t line = {text.data + start, end - start}, point, four;
        if (field(line, ' ', 3, &four) && field(line, ' ', 1, &point) && point.length == check->mount_point.length
            && memcmp(point.data, check->mount_point.data, point.length) == 0)
            options = four; /* the last mount of a point is the one in effect */
    }
    if (options.data == NULL) {
        *result = check->missing;
        if (check->missing != BASELINE_PASS) {
            append_text(&e->error, check->mount_point);
            buffer_append_str(&e->error, " is not a separate file system");
        }
        return 0;
    }
    size_t lacking = 0;
    for (size_t i = 0; i < check->options.count; i++) {
        if (has_option(options, check->options.items[i]))
            continue;
        if (lacking++ == 0) {
            append_text(&e->error, check->mount_point);
            buffer_append_str(&e->error, " is mounted without ");
        } else {
            buffer_append_str(&e->error, ", ");
        }
        append_text(&e->error, check->options.items[i]);
    }
    *result = lacking == 0 ? BASELINE_PASS : BASELINE_FAIL;
    return 0;
}

/* noEmptyPasswords and onlyRootUid0: the names of the account lines that match. */
static int accounts(baseline_evaluator_t *e, const baseline_check_t *check, baseline_result_t *result, int uid0)
{
    span_t text;
    int status = check_file_text(e, check, result, &text);
    if (status <= 0)
        return status;
    size_t position = 0, start, end, count = 0;
    while (text_next_line(text.data, text.length, &position, &start, &end, TEXT_LINES_READLINES)) {
        span_t line = {text.data + start, end - start}, name, second;
        field(line, ':', 0, &name);
        int match;
        if (uid0)
            match = field(line, ':', 2, &second) && span_is(second, "0") && !span_is(name, "root");
        else
            match = field(line, ':', 1, &second) && name.length > 0 && name.data[0] != '#' && second.length == 0;
        if (!match)
            continue;
        buffer_append_str(&e->error, count++ > 0 ? ", " : uid0 ? "uid 0 besides root: " : "empty password: ");
        append_span(&e->error, name);
    }
    *result = count == 0 ? BASELINE_PASS : BASELINE_FAIL;
    return 0;
}

int baseline_evaluate(baseline_evaluator_t *e, const baseline_check_t *check, baseline_result_t *result)
{
    int status;
    buffer_clear(&e->error);
    switch (check->kind) {
    case BASELINE_KEY_VALUE: status = key_value(e, check, result); break;
    case BASELINE_FILE_CONTENT: status = file_content(e, check, result); break;
    case BASELINE_FILE_MODE: status = file_mode(e, check, result); break;
    case BASELINE_ABSENT: status = absent(e, check, result); break;
    case BASELINE_MOUNT_OPTION: status = mount_option(e, check, result); break;
    case BASELINE_NO_EMPTY_PASSWORDS: status = accounts(e, check, result, 0); break;
    case BASELINE_ONLY_ROOT_UID0: status = accounts(e, check, result, 1); break;
    default:
        *result = BASELINE_ERR;
        buffer_append_str(&e->error, "unknown kind");
        status = 0;
        break;
    }
    if (status == 0 && e->error.failed)
        status = -ENOMEM;
    return status;
}

/* audit_record_parser.c - audit record text (see audit_record_parser.h). */
#include "audit_record_parser.h"

#include <string.h>

#include "text_scan.h"

/* The latest time .NET's DateTimeOffset holds: 9999-12-31T23:59:59Z. */
#define MAX_SECONDS UINT64_C(253402300799)

static const struct {
    const char *name;
    int type;
} type_names[] = {
    { "USER_AUTH", AUDIT_RECORD_USER_AUTH }, { "USER_ACCT", AUDIT_RECORD_USER_ACCT },
    { "USER_START", AUDIT_RECORD_USER_START }, { "USER_LOGIN", AUDIT_RECORD_USER_LOGIN },
    { "SYSCALL", AUDIT_RECORD_SYSCALL }, { "PATH", AUDIT_RECORD_PATH }, { "SOCKETCALL", AUDIT_RECORD_SOCKETCALL },
    { "SOCKADDR", AUDIT_RECORD_SOCKADDR },
    { "CWD", AUDIT_RECORD_CWD }, { "EXECVE", AUDIT_RECORD_EXECVE }, { "EOE", AUDIT_RECORD_EOE },
    { "PROCTITLE", AUDIT_RECORD_PROCTITLE },
};

/* The offset of the first `c` in text[0..length), or -1. */
static ptrdiff_t index_of(const char *text, size_t length, char c)
{
    const char *found = length == 0 ? NULL : memchr(text, c, length);
    return found == NULL ? -1 : found - text;
}

static ptrdiff_t index_of_text(const char *text, size_t length, const char *word)
{
    size_t n = strlen(word);
    for (size_t i = 0; i + n <= length; i++)
        if (memcmp(text + i, word, n) == 0)
            return (ptrdiff_t)i;
    return -1;
}

/* Whether .NET's decimal, which keeps 28 or 29 significant digits and at most 28 decimals,
 * rounds the digits of the fraction up into its first three (the milliseconds): the kept digits
 * after the third are all 9 and the first dropped one is at least 5 (the last kept one, a 9, is
 * odd, so a 5 rounds up even with a zero tail). significant: digits of the integer part without
 * leading zeros, then the fraction; integer_digits of them before the point. */
static int rounds_into_milliseconds(const char *significant, size_t count, size_t integer_digits, size_t fraction_digits)
{
    static const char limit[] = "7922816251426433759354395033"; /* (2^96 - 1) / 10, 28 digits */
    size_t leading = 0; /* leading zeros of the fraction when there is no integer part: not significant */
    while (integer_digits == 0 && leading < count && significant[leading] == '0')
        leading++;
    size_t kept = 28;
    if (count - leading > 28) {
        int compare = memcmp(significant + leading, limit, 28);
        if (compare < 0 || (compare == 0 && significant[leading + 28] <= '5'))
            kept = 29;
    }
    size_t kept_fraction = leading + kept > integer_digits ? leading + kept - integer_digits : 0;
    if (kept_fraction > 28)
        kept_fraction = 28;
    if (kept_fraction >= fraction_digits || kept_fraction <= 3)
        return 0;
    for (size_t i = integer_digits + 3; i < integer_digits + kept_fraction; i++)
        if (significant[i] != '9')
            return 0;
    return significant[integer_digits + kept_fraction] >= '5';
}

/* Whether the fraction of MAX_SECONDS (12 digits: the decimal keeps 17 decimals of it) stays
 * above zero once rounded, so that the C# check seconds > 253402300799m fails: a kept digit is
 * not 0, or the first dropped one rounds the last up (half to even: a 5 needs more after it). */
static int keeps_a_fraction(const char *fraction, size_t count)
{
    for (size_t i = 0; i < count && i < 17; i++)
        if (fraction[i] != '0')
            return 1;
    if (count <= 17 || fraction[17] < '5')
        return 0;
    if (fraction[17] > '5')
        return 1;
    for (size_t i = 18; i < count; i++)
        if (fraction[i] != '0')
            return 1;
    return 0;
}

/* decimal.TryParse(NumberStyles.AllowDecimalPoint) of the seconds, then (long)(seconds * 1000):
 * digits with at most one point, at least one digit; milliseconds truncated after the decimal's
 * own rounding. 0 when the text is not such a number or lies beyond MAX_SECONDS. */
static int parse_seconds(const char *text, size_t length, int64_t *time_ms)
{
    char significant[64];
    size_t count = 0, integer_digits = 0, fraction_digits = 0;
    uint64_t seconds = 0;
    unsigned milliseconds = 0;
    int point = 0, digits = 0;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        if (c == '.' && !point) {
            point = 1;
            continue;
        }
        if (c < '0' || c > '9')
            return 0;
        digits = 1;
        unsigned digit = (unsigned)(c - '0');
        if (!point) {
            if (seconds > MAX_SECONDS)
                return 0; /* already too large; stop before it overflows */
            seconds = seconds * 10 + digit;
            if (seconds == 0)
                continue; /* a leading zero */
            integer_digits++;
        } else {
            if (fraction_digits < 3)
                milliseconds = milliseconds * 10 + digit;
            fraction_digits++;
        }
        if (count < sizeof significant)
            significant[count++] = c;
    }
    if (!digits || seconds > MAX_SECONDS)
        return 0;
    size_t fraction_seen = count - integer_digits;
    int round_up = rounds_into_milliseconds(significant, count, integer_digits, fraction_seen);
    for (size_t i = fraction_digits; i < 3; i++)
        milliseconds *= 10;
    int64_t ms = (int64_t)seconds * 1000 + milliseconds + round_up;
    if (seconds == MAX_SECONDS && keeps_a_fraction(significant + integer_digits, fraction_seen))
        return 0;
    *time_ms = ms;
    return 1;
}

int audit_record_parse(int type, const char *text, size_t length, audit_record_t *record)
{
    size_t start = 0, end = length;
    while (end > 0 && text[end - 1] == '\0')
        end--;
    text_trim(text, &start, &end);
    const char *trimmed = text + start;
    size_t trimmed_length = end - start;
    if (trimmed_length < 6 || memcmp(trimmed, "audit(", 6) != 0)
        return 0;
    ptrdiff_t close = index_of_text(trimmed, trimmed_length, "):");
    if (close < 0)
        return 0;
    const char *stamp = trimmed + 6;
    size_t stamp_length = (size_t)close - 6;
    ptrdiff_t colon = index_of(stamp, stamp_length, ':');
    int64_t time_ms;
    uint64_t serial;
    if (colon < 0 || !parse_seconds(stamp, (size_t)colon, &time_ms)
        || !text_parse_decimal(stamp + colon + 1, stamp_length - (size_t)colon - 1, UINT64_MAX, &serial))
        return 0;
    record->type = type;
    record->time_ms = time_ms;
    record->serial = serial;
    record->fields = trimmed + close + 2;
    record->fields_length = trimmed_length - (size_t)close - 2;
    return 1;
}

/* int.TryParse(NumberStyles.Integer): ASCII white space around an optional sign and digits. */
static int parse_int(const char *text, size_t length, int64_t *value)
{
    size_t i = 0, end = length;
    int negative = 0;
    while (i < end && (text[i] == ' ' || (text[i] >= 0x09 && text[i] <= 0x0D)))
        i++;
    while (end > i && (text[end - 1] == ' ' || (text[end - 1] >= 0x09 && text[end - 1] <= 0x0D)))
        end--;
    if (i < end && (text[i] == '+' || text[i] == '-'))
        negative = text[i++] == '-';
    uint64_t magnitude;
    if (!text_parse_decimal(text + i, end - i, negative ? UINT64_C(2147483648) : INT32_MAX, &magnitude))
        return 0;
    *value = negative ? -(int64_t)magnitude : (int64_t)magnitude;
    return 1;
}

int audit_record_type_from_name(const char *name, size_t length)
{
    int64_t number;
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (text_equals(name, length, type_names[i].name))
            return type_names[i].type;
    if (length >= 9 && memcmp(name, "UNKNOWN[", 8) == 0 && name[length - 1] == ']'
        && parse_int(name + 8, length - 9, &number) && number >= 0)
        return (int)number;
    return -1;
}

int audit_record_parse_log_line(const char *line, size_t length, audit_record_t *record)
{
    if (length < 5 || memcmp(line, "type=", 5) != 0)
        return 0;
    ptrdiff_t space = index_of(line, length, ' ');
    ptrdiff_t msg = index_of_text(line, length, "msg=");
    if (space < 0 || msg < 0)
        return 0;
    int type = audit_record_type_from_name(line + 5, (size_t)space - 5);
    return type >= 0 && audit_record_parse(type, line + msg + 4, length - (size_t)msg - 4, record);
}

int audit_record_is_standalone(int type)
{
    return type >= 1100 && type < 1300;
}

/* One level of the C# Tokenize: returns non-zero when visit asked to stop. */
static int tokenize(const char *text, size_t length, int overwrite, audit_field_visit_t visit, void *argument)
{
    size_t i = 0;
    while (i < length) {
        while (i < length && text[i] == ' ')
            i++;
        ptrdiff_t eq = index_of(text + i, length - i, '=');
        if (eq <= 0)
            return 0;
        const char *key = text + i;
        size_t key_length = (size_t)eq;
        ptrdiff_t key_space = index_of(key, key_length, ' ');
        if (key_space >= 0) {
            /* a bare word without '=': skip to the next token */
            i += (size_t)key_space + 1;
            continue;
        }
        i += key_length + 1;
        const char *value;
        size_t value_length;
        if (i < length && (text[i] == '"' || text[i] == '\'')) {
            char quote = text[i];
            ptrdiff_t end = index_of(text + i + 1, length - i - 1, quote);
            value = text + i + 1;
            value_length = end < 0 ? length - i - 1 : (size_t)end;
            i = end < 0 ? length : i + (size_t)end + 2;
            if (quote == '\'' && text_equals(key, key_length, "msg")) {
                if (tokenize(value, value_length, 0, visit, argument))
                    return 1;
                continue;
            }
        } else {
            ptrdiff_t end = index_of(text + i, length - i, ' ');
            value = text + i;
            value_length = end < 0 ? length - i : (size_t)end;
            i = end < 0 ? length : i + (size_t)end;
        }
        if (visit(key, key_length, value, value_length, overwrite, argument))
            return 1;
    }
    return 0;
}

void audit_fields_visit(const char *text, size_t length, audit_field_visit_t visit, void *argument)
{
    (void)tokenize(text, length, 1, visit, argument);
}

typedef struct field_lookup {
    const char *key;
    size_t key_length;
    int found;
    const char *value;
    size_t value_length;
} field_lookup_t;

static int look_up(const char *key, size_t key_length, const char *value, size_t value_length, int overwrite,
                   void *argument)
{
    field_lookup_t *lookup = argument;
    if (key_length == lookup->key_length && memcmp(key, lookup->key, key_length) == 0
        && (overwrite || !lookup->found)) {
        lookup->found = 1;
        lookup->value = value;
        lookup->value_length = value_length;
    }
    return 0;
}

int audit_record_field(const audit_record_t *record, const char *key, const char **value, size_t *value_length)
{
    field_lookup_t lookup = { key, strlen(key), 0, NULL, 0 };
    audit_fields_visit(record->fields, record->fields_length, look_up, &lookup);
    if (!lookup.found)
        return 0;
    *value = lookup.value;
    *value_length = lookup.value_length;
    return 1;
}

int audit_record_raw_field(const audit_record_t *record, const char *key, const char **value, size_t *value_length)
{
    const char *text = record->fields;
    size_t length = record->fields_length, key_length = strlen(key);
    while (length > 0) {
        ptrdiff_t space = index_of(text, length, ' ');
        size_t token = space < 0 ? length : (size_t)space;
        if (token > key_length && text[key_length] == '=' && memcmp(text, key, key_length) == 0) {
            *value = text + key_length + 1;
            *value_length = token - key_length - 1;
            return 1;
        }
        text += space < 0 ? length : token + 1;
        length -= space < 0 ? length : token + 1;
    }
    return 0;
}

static int upper_hex(char c, unsigned *digit)
{
    if (c >= '0' && c <= '9')
        *digit = (unsigned)(c - '0');
    else if (c >= 'A' && c <= 'F')
        *digit = (unsigned)(c - 'A' + 10);
    else
        return 0;
    return 1;
}

void audit_decode_hex(const char *value, size_t length, char *buffer, const char **text, size_t *text_length)
{
    unsigned high = 0, low = 0;
    *text = value;
    *text_length = length;
    if (length == 0 || length % 2 != 0 || text_equals(value, length, "(null)"))
        return;
    for (size_t i = 0; i < length; i++)
        if (!upper_hex(value[i], &high))
            return;
    for (size_t i = 0; i < length; i += 2) {
        (void)upper_hex(value[i], &high);
        (void)upper_hex(value[i + 1], &low);
        char c = (char)((high << 4) | low);
        buffer[i / 2] = c == '\0' ? ' ' : c;
    }
    /* TrimEnd: everything white gives "", else the end text_trim finds */
    size_t start = 0, end = length / 2;
    text_trim(buffer, &start, &end);
    if (start == end)
        end = 0;
    *text = buffer;
    *text_length = end;
}

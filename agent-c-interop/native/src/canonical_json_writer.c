/* canonical_json_writer.c - the canonical JSON writer (see canonical_json_writer.h). */
#include "canonical_json_writer.h"

#include <string.h>

static const char *const category_names[] = {"Periodic", "Triggered", "Aggregated"};
static const char *const kind_names[] = {"Security", "Operational", "Diagnostic"};

/* 0: copy as is; otherwise the character after the backslash, or 'u' for \u00xx. */
static char escape_of(unsigned char c)
{
    switch (c) {
    case '"': return '"';
    case '\\': return '\\';
    case '\b': return 'b';
    case '\t': return 't';
    case '\n': return 'n';
    case '\f': return 'f';
    case '\r': return 'r';
    default: return c < 0x20 ? 'u' : 0;
    }
}

void canonical_json_write_string(sa_buffer_t *out, const char *text, size_t length)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *s = (const unsigned char *)text;
    buffer_append_char(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < length; i++) {
        char e = escape_of(s[i]);
        if (e == 0)
            continue;
        buffer_append(out, s + run, i - run);
        run = i + 1;
        if (e == 'u') {
            char u[6] = {'\\', 'u', '0', '0', hex[s[i] >> 4], hex[s[i] & 15]};
            buffer_append(out, u, sizeof u);
        } else {
            char pair[2] = {'\\', e};
            buffer_append(out, pair, sizeof pair);
        }
    }
    if (length > run) /* text may be NULL when length is 0: no pointer arithmetic on it */
        buffer_append(out, s + run, length - run);
    buffer_append_char(out, '"');
}

/* Days since 1970-01-01 to a civil date (proleptic Gregorian). */
static void civil_from_days(int64_t z, int64_t *year, unsigned *month, unsigned *day)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t y = (int64_t)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    *day = doy - (153 * mp + 2) / 5 + 1;
    *month = mp < 10 ? mp + 3 : mp - 9;
    *year = y + (*month <= 2);
}

static void put_digits(char *at, int64_t value, int width)
{
    for (int i = width - 1; i >= 0; i--) {
        at[i] = (char)('0' + value % 10);
        value /= 10;
    }
}

/* Writes the date and time of time_ms (already shifted to the wanted zone), milliseconds truncated. */
static void write_date_time(sa_buffer_t *out, int64_t time_ms)
{
    int64_t days = time_ms / 86400000, rest = time_ms % 86400000;
    if (rest < 0) {
        rest += 86400000;
        days--;
    }
    int64_t year;
    unsigned month, day;
    civil_from_days(days, &year, &month, &day);
    if (year < 0)
        year = 0;
    if (year > 9999)
        year = 9999;
    char text[23] = "0000-00-00T00:00:00.000";
    put_digits(text, year, 4);
    put_digits(text + 5, month, 2);
    put_digits(text + 8, day, 2);
    put_digits(text + 11, rest / 3600000, 2);
    put_digits(text + 14, rest / 60000 % 60, 2);
    put_digits(text + 17, rest / 1000 % 60, 2);
    put_digits(text + 20, rest % 1000, 3);
    buffer_append(out, text, sizeof text);
}

void canonical_json_write_utc(sa_buffer_t *out, int64_t time_ms)
{
    write_date_time(out, time_ms);
    buffer_append_char(out, 'Z');
}

void canonical_json_write_local(sa_buffer_t *out, int64_t time_ms, int offset_minutes)
{
    write_date_time(out, time_ms + (int64_t)offset_minutes * 60000);
    int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    char text[6] = {offset_minutes < 0 ? '-' : '+', 0, 0, ':', 0, 0};
    put_digits(text + 1, magnitude / 60, 2);
    put_digits(text + 4, magnitude % 60, 2);
    buffer_append(out, text, sizeof text);
}

static void write_name(sa_buffer_t *out, const char *name, int first)
{
    if (!first)
        buffer_append_char(out, ',');
    buffer_append_char(out, '"');
    buffer_append_str(out, name);
    buffer_append(out, "\":", 2);
}

void canonical_json_write_item(sa_buffer_t *out, const sa_event_t *event, size_t index)
{
    const event_model_t *model = &event_models[event->model];
    const event_item_t *item = &event->items[index];
    int first = 1;
    buffer_append_char(out, '{');
    for (int f = 0; f < model->field_count; f++) {
        const field_value_t *v = &item->values[f];
        if (!v->set)
            continue;
        write_name(out, model->fields[f].name, first);
        first = 0;
        switch (model->fields[f].type) {
        case FIELD_STRING:
            canonical_json_write_string(out, event_string(event, v), v->length);
            break;
        case FIELD_INTEGER:
            buffer_append_int(out, v->number);
            break;
        default:
            buffer_append_str(out, v->number ? "true" : "false");
            break;
        }
    }
    if (item->detail_count > 0) {
        write_name(out, "ExtraDetails", first);
        buffer_append_char(out, '{');
        for (uint32_t d = 0; d < item->detail_count; d++) {
            const detail_t *detail = &item->details[d];
            if (d > 0)
                buffer_append_char(out, ',');
            canonical_json_write_string(out, event->arena.data + detail->key_offset, detail->key_length);
            buffer_append_char(out, ':');
            canonical_json_write_string(out, event->arena.data + detail->value_offset, detail->value_length);
        }
        buffer_append_char(out, '}');
    }
    buffer_append_char(out, '}');
}

size_t canonical_json_write_event(sa_buffer_t *out, const sa_event_t *event, size_t first, size_t count,
                                const char *id, int64_t time_ms, int offset_minutes)
{
    const event_model_t *model = &event_models[event->model];
    buffer_append_str(out, "{\"EventType\":\"");
    buffer_append_str(out, kind_names[model->kind]);
    buffer_append_str(out, "\",\"Category\":\"");
    buffer_append_str(out, category_names[event->category]);
    buffer_append_str(out, "\",\"Name\":\"");
    buffer_append_str(out, model->name);
    size_t present = 0;
    for (size_t i = 0; i < count; i++)
        present += !event_item_is_empty(&event->items[first + i]);
    buffer_append_str(out, present == 0 ? "\",\"IsEmpty\":true" : "\",\"IsEmpty\":false");
    buffer_append_str(out, ",\"PayloadSchemaVersion\":\"1.0\",\"Id\":\"");
    size_t id_offset = out->length;
    buffer_append(out, id, 36);
    buffer_append_str(out, "\",\"TimestampLocal\":\"");
    canonical_json_write_local(out, time_ms, offset_minutes);
    buffer_append_str(out, "\",\"TimestampUTC\":\"");
    canonical_json_write_utc(out, time_ms);
    buffer_append_str(out, "\",\"Payload\":[");
    int comma = 0;
    for (size_t i = 0; i < count; i++) {
        if (event_item_is_empty(&event->items[first + i]))
            continue;
        if (comma)
            buffer_append_char(out, ',');
        comma = 1;
        canonical_json_write_item(out, event, first + i);
    }
    buffer_append_str(out, "]}");
    return id_offset;
}

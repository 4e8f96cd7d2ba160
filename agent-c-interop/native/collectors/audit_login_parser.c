/* audit_login_parser.c - USER_AUTH, USER_START and USER_LOGIN records as Login items
 * (AuditLoginParser). */
#include "audit_login_parser.h"

#include <stdio.h>
#include <string.h>

#include "address_parse.h"
#include "text_scan.h"

#define UNSET_ID "4294967295"
#define UNKNOWN "[unknown]"

int audit_login_is_login_record(int type)
{
    return type == AUDIT_RECORD_USER_AUTH || type == AUDIT_RECORD_USER_START || type == AUDIT_RECORD_USER_LOGIN;
}

/* The fields that may be hex-decoded into scratch: acct, op, exe, terminal, hostname. */
#define DECODED_FIELDS 5

size_t audit_login_scratch_size(const audit_record_t *record)
{
    /* each value is a part of the record's text and decodes to half its length at most; the
     * uid is written out as its number (at most 10 digits) */
    return record->fields_length / 2 + DECODED_FIELDS + 16;
}

typedef struct scratch {
    char *next;
} scratch_t;

static login_text_t decode(const char *value, size_t length, scratch_t *scratch)
{
    const char *text;
    size_t text_length;
    audit_decode_hex(value, length, scratch->next, &text, &text_length);
    if (text == scratch->next)
        scratch->next += length / 2;
    return (login_text_t){ text, text_length };
}

/* Text(): absent for a missing, empty, "?" or "(null)" value, else the value hex-decoded; absent
 * too when that decodes to nothing (the schema wants a non-empty UserName and Executable). */
static login_text_t text_field(const audit_record_t *record, const char *key, scratch_t *scratch)
{
    const char *value;
    size_t length;
    if (!audit_record_field(record, key, &value, &length) || length == 0 || text_equals(value, length, "?")
        || text_equals(value, length, "(null)"))
        return (login_text_t){ NULL, 0 };
    login_text_t text = decode(value, length, scratch);
    return text.length > 0 ? text : (login_text_t){ NULL, 0 };
}

int audit_login_parse(const audit_record_t *record, char *scratch_buffer, char address[ADDRESS_TEXT_MAX],
                      login_payload_t *payload, int *malformed)
{
    scratch_t scratch = { scratch_buffer };
    const char *value;
    size_t length;
    uint64_t number;
    *malformed = 0;
    if (!audit_login_is_login_record(record->type))
        return 0;
    memset(payload, 0, sizeof *payload);
    login_text_t account = text_field(record, "acct", &scratch);
    if (audit_record_field(record, "id", &value, &length) && !text_equals(value, length, UNSET_ID)
        && text_parse_decimal(value, length, UINT32_MAX, &number)) {
        /* written as the number it is: "0001000" is 1000 (the schema's uid has 1 to 10 digits) */
        int written = snprintf(scratch.next, 16, "%u", (unsigned)number);
        payload->user_id = (login_text_t){ scratch.next, (size_t)written };
        scratch.next += 16;
    }
    const char *operation;
    size_t operation_length;
    if (!audit_record_field(record, "pid", &value, &length) || !text_parse_decimal(value, length, UINT32_MAX, &number)
        || !audit_record_field(record, "op", &operation, &operation_length) || operation_length == 0
        || (account.text == NULL && payload->user_id.text == NULL)) {
        *malformed = 1;
        return 0;
    }
    payload->process_id = (uint32_t)number;
    payload->user_name = account;
    const char *name = record->type == AUDIT_RECORD_USER_AUTH    ? "USER_AUTH"
                       : record->type == AUDIT_RECORD_USER_START ? "USER_START"
                                                                 : "USER_LOGIN";
    login_payload_add_detail(payload, "RecordType", name, strlen(name));
    login_text_t terminal = text_field(record, "terminal", &scratch);
    if (terminal.text != NULL)
        login_payload_add_detail(payload, "Terminal", terminal.text, terminal.length);
    login_text_t host = text_field(record, "hostname", &scratch);
    if (host.text != NULL)
        login_payload_add_detail(payload, "Hostname", host.text, host.length);
    payload->operation = decode(operation, operation_length, &scratch);
    login_text_t executable = text_field(record, "exe", &scratch);
    payload->executable = executable.text != NULL ? executable : (login_text_t){ UNKNOWN, sizeof UNKNOWN - 1 };
    payload->success = audit_record_field(record, "res", &value, &length)
                       && (text_equals(value, length, "success") || text_equals(value, length, "yes")
                           || text_equals(value, length, "1"));
    uint8_t bytes[16];
    size_t size;
    if (audit_record_field(record, "addr", &value, &length) && (size = address_parse(value, length, bytes)) != 0)
        payload->remote_address = (login_text_t){ address, address_text_format(bytes, size, address) };
    return 1;
}

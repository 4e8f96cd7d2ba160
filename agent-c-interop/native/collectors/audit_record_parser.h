/* audit_record_parser.h - audit record text, as the C# agent's AuditRecordParser reads it: the
 * text of a netlink audit message ("audit(1712.123:45): a=b ...", the type in the netlink
 * header) or a log line ("type=SYSCALL msg=audit(...): a=b ..."), and the fields after the
 * stamp (quoted values unquoted; the single-quoted msg='...' of user-space records flattened into
 * the same fields, the outer ones winning). A record points into the caller's text: nothing is
 * copied or allocated here (audit_event_assembler.h keeps copies).
 *
 * See also: audit_event_assembler.h (records grouped into events), audit_hub.h (the live
 * source, shared by the collectors of an agent). */
#ifndef SA_AUDIT_RECORD_PARSER_H
#define SA_AUDIT_RECORD_PARSER_H

#include <stddef.h>
#include <stdint.h>

/* The record types the collectors read (linux/audit.h), as the C# AuditRecordType. */
enum {
    AUDIT_RECORD_USER_AUTH = 1100,
    AUDIT_RECORD_USER_ACCT = 1101,
    AUDIT_RECORD_USER_START = 1105,
    AUDIT_RECORD_USER_LOGIN = 1112,
    AUDIT_RECORD_SYSCALL = 1300,
    AUDIT_RECORD_PATH = 1302,
    AUDIT_RECORD_SOCKETCALL = 1304,
    AUDIT_RECORD_SOCKADDR = 1306,
    AUDIT_RECORD_CWD = 1307,
    AUDIT_RECORD_EXECVE = 1309,
    AUDIT_RECORD_EOE = 1320,
    AUDIT_RECORD_PROCTITLE = 1327
};

/* One audit record. fields points into the text it was parsed from (not owned). */
typedef struct audit_record {
    int type;            /* 1300 SYSCALL, 1306 SOCKADDR, 1112 USER_LOGIN, ... */
    int64_t time_ms;     /* the event time, milliseconds since the Unix epoch */
    uint64_t serial;     /* records of one event share it */
    const char *fields;  /* the text after "audit(...): ", as received (not NUL-terminated) */
    size_t fields_length;
} audit_record_t;

/* audit_record_parse - parses the text of a netlink audit message of `type` (trailing NULs and
 * white space, leading white space ignored). Returns 1 and *record, or 0 when the text is not a
 * record (no audit(...) stamp, a bad time or serial, truncated before "):"). */
int audit_record_parse(int type, const char *text, size_t length, audit_record_t *record);

/* audit_record_parse_log_line - one audit log line ("type=NAME msg=audit(...): ..."), NAME one
 * of the types above or UNKNOWN[n]. Returns 1 and *record (pointing into line), or 0. */
int audit_record_parse_log_line(const char *line, size_t length, audit_record_t *record);

/* audit_record_type_from_name - the number of a log name ("SYSCALL", "UNKNOWN[1234]"), or -1. */
int audit_record_type_from_name(const char *name, size_t length);

/* audit_record_is_standalone - whether records of this type stand alone (user-space messages,
 * 1100 to 1299: no EOE follows). */
int audit_record_is_standalone(int type);

/* audit_fields_visit - splits field text as the C# AuditRecordParser.Fields does, calling
 * visit(key, value, overwrite) for each field in order: overwrite is 1 for an outer field (it
 * replaces an earlier one of that key) and 0 for one inside msg='...' (kept only when the key is
 * not there yet). Stops when visit returns non-zero. */
typedef int (*audit_field_visit_t)(const char *key, size_t key_length, const char *value, size_t value_length,
                                   int overwrite, void *argument);
void audit_fields_visit(const char *text, size_t length, audit_field_visit_t visit, void *argument);

/* audit_record_field - the value of the field `key` (NUL-terminated) as the C# record's
 * Fields[key] gives it. Returns 1 and *value (into the record's text), *value_length; or 0. */
int audit_record_field(const audit_record_t *record, const char *key, const char **value, size_t *value_length);

/* audit_record_raw_field - the value of the first space-separated token "key=..." as written
 * (quotes kept), as the C# AuditRecord.RawField; 1 and the value, or 0 when absent. */
int audit_record_raw_field(const audit_record_t *record, const char *key, const char **value, size_t *value_length);

/* audit_decode_hex - a value the kernel may have hex-encoded (untrusted strings), as the C#
 * AuditRecordParser.DecodeHex: upper-case hex of even length (not "(null)") is decoded into
 * buffer (length / 2 bytes at least), NULs become spaces and trailing white space is dropped;
 * anything else is the value as is. Sets *text and *text_length to the result (buffer or value).
 * Invalid UTF-8 is left for the event to repair (as .NET's decoder would, U+FFFD). */
void audit_decode_hex(const char *value, size_t length, char *buffer, const char **text, size_t *text_length);

#endif

/* audit_login_parser.h - the user-space audit records that PAM and the login programs send
 * (USER_AUTH, USER_START, USER_LOGIN) as Login items, as the C# agent's AuditLoginParser: the
 * sender's pid, op, exe, res, the account (acct, or the uid in id) and the remote address (addr,
 * read as .NET's IPAddress.TryParse reads it). Stateless.
 *
 * See also: audit_record_parser.h, login_payload.h. */
#ifndef SA_AUDIT_LOGIN_PARSER_H
#define SA_AUDIT_LOGIN_PARSER_H

#include "address_text.h"
#include "audit_record_parser.h"
#include "login_payload.h"

/* Whether type is one of the three login record types. */
int audit_login_is_login_record(int type);

/* audit_login_scratch_size - the bytes of scratch audit_login_parse needs for record (the
 * hex-decoded values). */
size_t audit_login_scratch_size(const audit_record_t *record);

/* audit_login_parse - fills *payload from record and returns 1; returns 0 when it is not a
 * login record (*malformed 0) or lacks pid, op or an identity (*malformed 1). The payload points
 * into record's text, scratch (audit_login_scratch_size bytes) and address. */
int audit_login_parse(const audit_record_t *record, char *scratch, char address[ADDRESS_TEXT_MAX],
                      login_payload_t *payload, int *malformed);

#endif

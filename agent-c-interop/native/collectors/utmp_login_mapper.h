/* utmp_login_mapper.h - wtmp and btmp records as Login items (UtmpLoginMapper): a USER_PROCESS
 * record of wtmp is a successful login, a LOGIN_PROCESS or USER_PROCESS record of btmp a failed
 * one, each with a user name; other records (logouts, boot, run level) are not logins. */
#ifndef SA_UTMP_LOGIN_MAPPER_H
#define SA_UTMP_LOGIN_MAPPER_H

#include "address_text.h"
#include "login_payload.h"
#include "os_source.h"
#include "proc_file_system.h"
#include "utmp_parser.h"

/* utmp_login_map - fills *payload from record (failed: it comes from btmp) and returns 1, or
 * returns 0 when it is not a login. The executable is read from <root>/proc for a process
 * still running (os NULL: left unknown) into executable (PROC_EXECUTABLE_MAX bytes); the
 * address is written into address. The payload points into record, executable and address. */
int utmp_login_map(const utmp_record_t *record, int failed, const os_source_t *os, char *executable,
                   char address[ADDRESS_TEXT_MAX], login_payload_t *payload);

#endif

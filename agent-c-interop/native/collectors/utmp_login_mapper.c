/* utmp_login_mapper.c - wtmp and btmp records as Login items (UtmpLoginMapper). */
#include "utmp_login_mapper.h"

#include <string.h>

#include "address_text.h"

#define UNKNOWN "[unknown]"

int utmp_login_map(const utmp_record_t *record, int failed, const os_source_t *os, char *executable,
                   char address[ADDRESS_TEXT_MAX], login_payload_t *payload)
{
    if (record->user_length == 0
        || !(record->type == UTMP_USER_PROCESS || (failed && record->type == UTMP_LOGIN_PROCESS)))
        return 0;
    memset(payload, 0, sizeof *payload);
    login_payload_add_detail(payload, "Source", failed ? "btmp" : "wtmp", 4);
    if (record->line_length > 0)
        login_payload_add_detail(payload, "Terminal", record->line, record->line_length);
    if (record->host_length > 0)
        login_payload_add_detail(payload, "Hostname", record->host, record->host_length);
    payload->process_id = record->pid;
    payload->operation = (login_text_t){ "login", 5 };
    ssize_t n = record->pid != 0 && os != NULL ? proc_read_executable(os, record->pid, executable) : -1;
    payload->executable = n >= 0 ? (login_text_t){ executable, (size_t)n } : (login_text_t){ UNKNOWN, sizeof UNKNOWN - 1 };
    payload->success = !failed;
    payload->user_name = (login_text_t){ record->user, record->user_length };
    if (record->address_size != 0) {
        size_t length = address_text_format(record->address, record->address_size, address);
        payload->remote_address = (login_text_t){ address, length };
    }
    return 1;
}

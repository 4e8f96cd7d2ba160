/* utmp_parser.h - the login accounting files (wtmp, btmp) as the C# agent's UtmpParser reads
 * them: fixed 384-byte struct utmp records as glibc writes them on x86-64, i386 and the other
 * Linux ABIs that keep 32-bit time fields on disk (ut_type at 0, ut_pid 4, ut_line[32] 8,
 * ut_id[4] 40, ut_user[32] 44, ut_host[256] 76, ut_exit 332, ut_session 336, ut_tv (32-bit
 * seconds, microseconds) 340, ut_addr_v6[4] 348, reserved to 384), little-endian. The layout
 * does not depend on the host's word size, so a 32-bit agent reads a 64-bit host's files. */
#ifndef SA_UTMP_PARSER_H
#define SA_UTMP_PARSER_H

#include <stddef.h>
#include <stdint.h>

#define UTMP_RECORD_LENGTH 384
#define UTMP_LOGIN_PROCESS 6
#define UTMP_USER_PROCESS 7

/* One record, reduced to what Login needs (UtmpRecord). The texts are the bytes of each field
 * up to its first NUL, not NUL-terminated and not checked for UTF-8 (the event repairs them as
 * .NET's decoder does). */
typedef struct utmp_record {
    int type;             /* ut_type: 6 LOGIN_PROCESS, 7 USER_PROCESS, 8 DEAD_PROCESS, ... */
    uint32_t pid;         /* ut_pid */
    const char *line;     /* ut_line: the terminal ("pts/0", "ssh:notty"); points into the data */
    size_t line_length;
    const char *user;     /* ut_user */
    size_t user_length;
    const char *host;     /* ut_host: the remote host name or address text */
    size_t host_length;
    size_t address_size;  /* 0 (ut_addr_v6 all zero), 4 (IPv4 in the first word) or 16 */
    uint8_t address[16];  /* network order */
    int64_t time_ms;      /* ut_tv in milliseconds since the epoch (seconds read unsigned) */
} utmp_record_t;

/* utmp_parse - parses the whole records of data[0..length); calls visit for each (the record
 * points into data and lives for the call); a record with an unknown type (not 0 to 9) is
 * skipped and counted in *malformed. Returns the bytes consumed, a multiple of
 * UTMP_RECORD_LENGTH: the rest is a partial record. */
size_t utmp_parse(const uint8_t *data, size_t length, void (*visit)(const utmp_record_t *record, void *argument),
                  void *argument, uint64_t *malformed);

#endif

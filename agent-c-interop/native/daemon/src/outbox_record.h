/* outbox_record.h - one outbox record, format version 1 (docs/outbox.md): a 60-byte
 * little-endian header (magic SAOB, version, priority, reserved, sequence, message id,
 * payload length, CRC-32 of header bytes 0..55 and the payload) then the payload. */
#ifndef SA_OUTBOX_RECORD_H
#define SA_OUTBOX_RECORD_H

#include <stddef.h>
#include <stdint.h>

#define OUTBOX_HEADER_SIZE 60
#define OUTBOX_MESSAGE_ID_SIZE 36
#define OUTBOX_PRIORITY_HIGH 1
#define OUTBOX_PRIORITY_LOW 2

typedef struct outbox_header {
    uint8_t priority;
    uint64_t sequence;
    char message_id[OUTBOX_MESSAGE_ID_SIZE + 1]; /* NUL-terminated */
    uint32_t payload_length;
} outbox_header_t;

/* outbox_record_encode - writes the 60 header bytes for `header` and `payload` into out. */
void outbox_record_encode(const outbox_header_t *header, const void *payload, unsigned char out[OUTBOX_HEADER_SIZE]);
/*
 * outbox_record_decode - checks the header bytes (magic, version, priority, reserved byte,
 * ASCII id) and fills *header. Returns NULL, or the reason the header is bad (static text).
 */
const char *outbox_record_decode(const unsigned char bytes[OUTBOX_HEADER_SIZE], outbox_header_t *header);
/* outbox_record_checksum_ok - 1 when the stored CRC matches the header and the payload. */
int outbox_record_checksum_ok(const unsigned char bytes[OUTBOX_HEADER_SIZE], const void *payload, size_t length);
/* outbox_record_file_name - "<16 hex digits>.msg" for sequence (out: at least 21 bytes). */
void outbox_record_file_name(uint64_t sequence, char *out, size_t capacity);
/* outbox_record_parse_name - the sequence of a "<16 hex>.msg" name; returns 0, or -1. */
int outbox_record_parse_name(const char *name, uint64_t *sequence);

#endif

/* outbox_record.c - encoding and checking of outbox record headers. */
#include "outbox_record.h"

#include <stdio.h>
#include <string.h>

#include "crc32.h"

static void put_u16(unsigned char *p, uint16_t v) { p[0] = (unsigned char)v; p[1] = (unsigned char)(v >> 8); }
static void put_u32(unsigned char *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static void put_u64(unsigned char *p, uint64_t v)
{
    for (int i = 0; i < 8; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}
static uint32_t get_u32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
static uint64_t get_u64(const unsigned char *p) { return (uint64_t)get_u32(p) | (uint64_t)get_u32(p + 4) << 32; }

void outbox_record_encode(const outbox_header_t *header, const void *payload, unsigned char out[OUTBOX_HEADER_SIZE])
{
    uint32_t crc;
    memcpy(out, "SAOB", 4);
    put_u16(out + 4, 1);
    out[6] = header->priority;
    out[7] = 0;
    put_u64(out + 8, header->sequence);
    memcpy(out + 16, header->message_id, OUTBOX_MESSAGE_ID_SIZE);
    put_u32(out + 52, header->payload_length);
    crc = crc32_update(0, out, 56);
    crc = crc32_update(crc, payload, header->payload_length);
    put_u32(out + 56, crc);
}

const char *outbox_record_decode(const unsigned char bytes[OUTBOX_HEADER_SIZE], outbox_header_t *header)
{
    if (memcmp(bytes, "SAOB", 4) != 0)
        return "bad magic";
    if (bytes[4] != 1 || bytes[5] != 0)
        return "unknown format version";
    if (bytes[6] != OUTBOX_PRIORITY_HIGH && bytes[6] != OUTBOX_PRIORITY_LOW)
        return "bad priority";
    if (bytes[7] != 0)
        return "reserved byte not 0";
    for (int i = 0; i < OUTBOX_MESSAGE_ID_SIZE; i++) {
        if (bytes[16 + i] > 0x7f)
            return "message id not ASCII";
    }
    header->priority = bytes[6];
    header->sequence = get_u64(bytes + 8);
    memcpy(header->message_id, bytes + 16, OUTBOX_MESSAGE_ID_SIZE);
    header->message_id[OUTBOX_MESSAGE_ID_SIZE] = '\0';
    header->payload_length = get_u32(bytes + 52);
    return NULL;
}

int outbox_record_checksum_ok(const unsigned char bytes[OUTBOX_HEADER_SIZE], const void *payload, size_t length)
{
    uint32_t crc = crc32_update(0, bytes, 56);
    crc = crc32_update(crc, payload, length);
    return crc == get_u32(bytes + 56);
}

void outbox_record_file_name(uint64_t sequence, char *out, size_t capacity)
{
    snprintf(out, capacity, "%016llx.msg", (unsigned long long)sequence);
}

int outbox_record_parse_name(const char *name, uint64_t *sequence)
{
    uint64_t value = 0;
    if (strlen(name) != 20 || strcmp(name + 16, ".msg") != 0)
        return -1;
    for (int i = 0; i < 16; i++) {
        char c = name[i];
        int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (digit < 0)
            return -1;
        value = value << 4 | (uint64_t)digit;
    }
    *sequence = value;
    return 0;
}

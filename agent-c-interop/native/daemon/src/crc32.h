/* crc32.h - CRC-32 (IEEE 802.3, reflected, as zlib's crc32), incremental. */
#ifndef SA_CRC32_H
#define SA_CRC32_H

#include <stddef.h>
#include <stdint.h>

/* crc32_update - continues crc (0 to start) over length bytes; returns the new value. */
uint32_t crc32_update(uint32_t crc, const void *bytes, size_t length);

#endif

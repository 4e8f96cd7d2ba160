/* socket_address.c - audit sockaddr text (see socket_address.h). */
#include "socket_address.h"

#include <string.h>

#include "hex_digit.h"

/* The byte at index i of the hex text (checked before). */
static uint8_t byte_at(const char *hex, size_t i)
{
    return (uint8_t)(hex_digit_value(hex[2 * i]) << 4 | hex_digit_value(hex[2 * i + 1]));
}

int socket_address_decode(const char *hex, size_t length, uint8_t address[16], size_t *size, uint32_t *port)
{
    if (length < 4 || length % 2 != 0)
        return 0;
    for (size_t i = 0; i < length; i++)
        if (hex_digit_value(hex[i]) < 0)
            return 0;
    size_t bytes = length / 2;
    unsigned family = (unsigned)byte_at(hex, 0) | (unsigned)byte_at(hex, 1) << 8;
    size_t at, n;
    if (family == 2 && bytes >= 8) {
        at = 4;
        n = 4;
    } else if (family == 10 && bytes >= 24) {
        at = 8;
        n = 16;
    } else {
        return 0;
    }
    *port = (uint32_t)byte_at(hex, 2) << 8 | byte_at(hex, 3);
    for (size_t i = 0; i < n; i++)
        address[i] = byte_at(hex, at + i);
    *size = n;
    return 1;
}

int socket_address_is_loopback(const uint8_t *a, size_t size)
{
    static const uint8_t mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF };
    static const uint8_t loopback6[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
    if (size == 4)
        return a[0] == 127;
    if (size != 16)
        return 0;
    return memcmp(a, loopback6, 16) == 0 || (memcmp(a, mapped, 12) == 0 && a[12] == 127);
}

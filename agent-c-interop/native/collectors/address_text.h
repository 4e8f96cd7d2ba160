/* address_text.h - addresses as the schemas write them, exactly as the C# agent's AddressText
 * (.NET's IPAddress.ToString, lower case): IPv4 dotted decimal; IPv6 in RFC 5952 form (longest
 * run of two or more zero words compressed, the leftmost on ties) with the last 32 bits dotted
 * for ::a.b.c.d, ::ffff:a.b.c.d, ::ffff:0:a.b.c.d and ISATAP (x:x:x:x:0:5efe:a.b.c.d). */
#ifndef SA_ADDRESS_TEXT_H
#define SA_ADDRESS_TEXT_H

#include <stddef.h>
#include <stdint.h>

#define ADDRESS_TEXT_MAX 48

/* address_text_format - writes the 4- or 16-byte address (network order) into text (NUL-
 * terminated); returns its length, or 0 for another size. */
size_t address_text_format(const uint8_t *bytes, size_t size, char text[ADDRESS_TEXT_MAX]);

#endif

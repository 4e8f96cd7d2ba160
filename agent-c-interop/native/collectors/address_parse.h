/* address_parse.h - address text read exactly as .NET's IPAddress.TryParse reads it, so that an
 * audit record's addr= field gives the same RemoteAddress in both agents: text with a ':' is
 * IPv6 (optionally in brackets with a port after them, a %scope that is dropped, the last 32
 * bits dotted), anything else IPv4 in the inet_aton forms (1 to 4 parts, each decimal, octal
 * with a leading 0 or hex with 0x, the last part filling the remaining bytes). */
#ifndef SA_ADDRESS_PARSE_H
#define SA_ADDRESS_PARSE_H

#include <stddef.h>
#include <stdint.h>

/* address_parse - parses text[0..length) into bytes (network order); returns the address's
 * size (4 or 16), or 0 when it is not an address as .NET sees it. */
size_t address_parse(const char *text, size_t length, uint8_t bytes[16]);

#endif

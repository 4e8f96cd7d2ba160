/* socket_address.h - the hexadecimal sockaddr of an audit SOCKADDR record, as the C# agent's
 * SocketAddress decodes it: AF_INET (8 bytes at least) and AF_INET6 (24 at least) only; odd,
 * non-hex or shorter text, or another family, is rejected. */
#ifndef SA_SOCKET_ADDRESS_H
#define SA_SOCKET_ADDRESS_H

#include <stddef.h>
#include <stdint.h>

/* socket_address_decode - 1 and the address (network order, *size 4 or 16) and port; or 0. */
int socket_address_decode(const char *hex, size_t length, uint8_t address[16], size_t *size, uint32_t *port);

/* socket_address_is_loopback - 127.0.0.0/8, ::1 or ::ffff:127.x.x.x (the C# AddressText.IsLoopback). */
int socket_address_is_loopback(const uint8_t *address, size_t size);

#endif

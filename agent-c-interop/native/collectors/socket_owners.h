/* socket_owners.h - socket inode to owning process, from the socket:[inode] links of
 * <root>/proc/<pid>/fd (a fixture holds small files with that text), as the C# agent's
 * SocketOwners: processes in directory order, the first owner of an inode kept; a process whose
 * fd folder or an fd entry cannot be read keeps what was found before it. */
#ifndef SA_SOCKET_OWNERS_H
#define SA_SOCKET_OWNERS_H

#include <stddef.h>
#include <stdint.h>

#include "os_source.h"

/* socket_owners_find - for each of the count inodes, sets owners[i] to its owning pid, or 0
 * when none was found. */
void socket_owners_find(const os_source_t *os, const uint64_t *inodes, uint32_t *owners, size_t count);

#endif

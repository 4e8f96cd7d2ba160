/* netlink_filter.h - in-kernel filters for the collectors' netlink sockets: classic BPF
 * programs (SO_ATTACH_FILTER) that drop, before they are queued to the socket, the datagrams no
 * collector reads. Under an exec storm the kernel sends seven audit records per exec, of which
 * ProcessCreate reads three (SYSCALL, EXECVE, EOE); every thread a process starts or ends is a
 * proc connector event that no collector reads. A
 * dropped datagram is never copied, queued, woken up for or parsed, and cannot overflow the
 * receive buffer. The filter is the socket's own: other readers of the same events (auditd,
 * journald on the audit multicast group) still get every record.
 *
 * Both programs read the datagram from its netlink header, as the kernel queues it:
 *   audit:          nlmsghdr (type at offset 4, host order), then the record text;
 *   proc connector: nlmsghdr (16 bytes), cn_msg (20), proc_event: what at 36, then the union
 *                   (exec and exit: pid at 52, tgid at 56; fork: the child's pid at 60, tgid at 64).
 *
 * See also: netlink_socket.h (netlink_socket_attach_filter), proc_connector_parser.h. */
#ifndef SA_NETLINK_FILTER_H
#define SA_NETLINK_FILTER_H

#include <linux/filter.h>
#include <stddef.h>

/* Room for the audit program with every type an audit hub can be asked for. */
#define NETLINK_FILTER_MAX_INSTRUCTIONS 160

/* netlink_filter_audit_types - a program that passes every audit netlink message below type
 * 1100 (the kernel's replies: status, errors and acknowledgements) and the records of the count
 * given types (1100 and up), and drops the other records. Writes it to program (capacity
 * instructions) and returns its length, or 0 when it does not fit (too many types). */
size_t netlink_filter_audit_types(const int *types, size_t count, struct sock_filter *program, size_t capacity);

/* netlink_filter_process_events - a program that passes the proc connector's fork, exec and exit
 * events of processes (thread group leaders: the task's pid equals its tgid) and drops the rest:
 * threads starting and ending, comm, uid, gid, sid, ptrace and coredump events, the listen
 * acknowledgement. Returns its length, or 0 when capacity is too small. */
size_t netlink_filter_process_events(struct sock_filter *program, size_t capacity);

#endif

/* sd_notify.h - the systemd notification protocol without libsystemd: one datagram to the
 * AF_UNIX socket named by $NOTIFY_SOCKET (a path, or '@' for the abstract namespace).
 * libsystemd would add about 1 MB of shared libraries to a device that has no other use for
 * them; the protocol is one sendto(2). */
#ifndef SA_SD_NOTIFY_H
#define SA_SD_NOTIFY_H

/* sd_notify_send - sends `state` (e.g. "READY=1", "STOPPING=1", "WATCHDOG=1"). Returns 1 when
 * sent, 0 when not under systemd ($NOTIFY_SOCKET unset), -1 on failure. */
int sd_notify_send(const char *state);

#endif

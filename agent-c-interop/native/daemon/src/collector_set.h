/* collector_set.h - the collectors the daemon runs (libsecagent's sa_collector_* registry):
 * chosen by name on the command line (all by default), all reading the OS under one root.
 * Periodic collectors take a snapshot when the core says one is due; stream collectors
 * (ProcessCreate) are drained on every turn of the loop. */
#ifndef SA_COLLECTOR_SET_H
#define SA_COLLECTOR_SET_H

#include <poll.h>
#include <stddef.h>

#include "secagent.h"

typedef struct collector_set collector_set_t;

/* collector_set_check_names - 0 when every comma-separated name of `names` is a collector of
 * the registry (an empty list is allowed: no collectors); else -1 with the first unknown name
 * and the known ones in error. NULL names: all collectors. */
int collector_set_check_names(const char *names, char *error, size_t capacity);
/*
 * collector_set_create - creates and starts the collectors named in `names` (NULL: every
 * collector of the registry), reading under `root`, submitting to `core`. `options` (count of
 * them) are "Collector.key=value" texts set before start (sa_collector_set_option); those of a
 * collector not chosen are ignored. A collector whose source is refused is logged and left out;
 * the source a stream collector uses is logged. Returns 0, or -1 with the reason in error
 * (unknown name, bad option, out of memory).
 */
int collector_set_create(sa_agent_t *core, const char *names, const char *root, const char *const *options, size_t count,
                         collector_set_t **out, char *error, size_t capacity);
/* collector_set_snapshot - one snapshot from every periodic collector (failures logged). */
void collector_set_snapshot(collector_set_t *set);
/* collector_set_drain - what every stream collector's source holds now, without waiting. */
void collector_set_drain(collector_set_t *set);
/* collector_set_poll_fds - the descriptors of the stream collectors (POLLIN) into fds, at most
 * capacity; returns how many. *polling: 1 when a stream collector has no descriptor (it polls
 * /proc, so the loop must wake for its interval). */
size_t collector_set_poll_fds(const collector_set_t *set, struct pollfd *fds, size_t capacity, int *polling);
/* collector_set_batch_delay_ms - the longest batch delay (sa_collector_batch_delay_ms) of the
 * stream collectors whose descriptor is readable in fds (as collector_set_poll_fds filled them,
 * count of them, after poll). */
int collector_set_batch_delay_ms(const collector_set_t *set, const struct pollfd *fds, size_t count);
/* collector_set_log_counters - one log line per collector with its counters. */
void collector_set_log_counters(const collector_set_t *set);
/* collector_set_count - how many collectors run. */
size_t collector_set_count(const collector_set_t *set);
/* collector_set_destroy - closes and frees every collector (before the core); NULL: no-op. */
void collector_set_destroy(collector_set_t *set);

#endif

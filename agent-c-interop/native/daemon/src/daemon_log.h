/* daemon_log.h - the daemon's own log: stderr or syslog, a minimum level, and an optional
 * sink that sees every record at or above a second level (the Diagnostic events).
 * The log is process-wide state of the daemon (not of libsecagent); set it up once in main
 * before any other thread exists. */
#ifndef SA_DAEMON_LOG_H
#define SA_DAEMON_LOG_H

/* Levels, in the order of the local configuration's logLevel enum. */
typedef enum daemon_log_level {
    DAEMON_LOG_DEBUG = 0,
    DAEMON_LOG_INFORMATION = 1,
    DAEMON_LOG_WARNING = 2,
    DAEMON_LOG_ERROR = 3,
    DAEMON_LOG_FATAL = 4,
    DAEMON_LOG_OFF = 5
} daemon_log_level_t;

typedef enum daemon_log_destination { DAEMON_LOG_TO_STDERR = 0, DAEMON_LOG_TO_SYSLOG = 1 } daemon_log_destination_t;

/* A sink: called with the level and the formatted text (NUL-terminated, valid during the call). */
typedef void (*daemon_log_sink_t)(void *context, daemon_log_level_t level, const char *text);

/* daemon_log_open - where records go and the lowest level written. */
void daemon_log_open(daemon_log_destination_t destination, daemon_log_level_t level);
/* daemon_log_set_sink - forwards records at or above `level` to `sink` (NULL: none). The sink
 * must not log itself (a record logged from inside the sink is not forwarded again). */
void daemon_log_set_sink(daemon_log_sink_t sink, void *context, daemon_log_level_t level);
/* daemon_log_close - closes syslog if it was opened. */
void daemon_log_close(void);
/* daemon_log - writes one record, printf-style. */
void daemon_log(daemon_log_level_t level, const char *format, ...) __attribute__((format(printf, 2, 3)));
/* daemon_log_level_parse - "debug" ... "off" to a level; returns 0, or -1 if unknown. */
int daemon_log_level_parse(const char *text, daemon_log_level_t *level);

#endif

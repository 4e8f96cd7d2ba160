/* daemon_log.c - stderr or syslog, plus the Diagnostic-event sink. */
#include "daemon_log.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>

static daemon_log_destination_t log_destination = DAEMON_LOG_TO_STDERR;
static daemon_log_level_t log_level = DAEMON_LOG_INFORMATION;
static daemon_log_sink_t log_sink;
static void *log_sink_context;
static daemon_log_level_t log_sink_level = DAEMON_LOG_OFF;
static int in_sink;

static const char *const level_names[] = {"debug", "information", "warning", "error", "fatal", "off"};
static const int syslog_priorities[] = {LOG_DEBUG, LOG_INFO, LOG_WARNING, LOG_ERR, LOG_CRIT};

void daemon_log_open(daemon_log_destination_t destination, daemon_log_level_t level)
{
    log_destination = destination;
    log_level = level;
    if (destination == DAEMON_LOG_TO_SYSLOG)
        openlog("security-agent-c", LOG_PID, LOG_DAEMON);
}

void daemon_log_set_sink(daemon_log_sink_t sink, void *context, daemon_log_level_t level)
{
    log_sink = sink;
    log_sink_context = context;
    log_sink_level = level;
}

void daemon_log_close(void)
{
    if (log_destination == DAEMON_LOG_TO_SYSLOG)
        closelog();
    log_destination = DAEMON_LOG_TO_STDERR;
    log_sink = NULL;
}

void daemon_log(daemon_log_level_t level, const char *format, ...)
{
    char text[512];
    va_list arguments;
    if (level >= DAEMON_LOG_OFF || (level < log_level && (log_sink == NULL || level < log_sink_level)))
        return;
    va_start(arguments, format);
    vsnprintf(text, sizeof text, format, arguments);
    va_end(arguments);

    if (level >= log_level) {
        if (log_destination == DAEMON_LOG_TO_SYSLOG) {
            syslog(syslog_priorities[level], "%s", text);
        } else {
            /* Under systemd the journal stamps the time; on a terminal the time helps. */
            struct timespec now;
            struct tm utc;
            char stamp[32] = "";
            if (clock_gettime(CLOCK_REALTIME, &now) == 0 && gmtime_r(&now.tv_sec, &utc) != NULL)
                strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ ", &utc);
            fprintf(stderr, "%s%s: %s\n", stamp, level_names[level], text);
        }
    }
    if (log_sink != NULL && level >= log_sink_level && !in_sink) {
        in_sink = 1;
        log_sink(log_sink_context, level, text);
        in_sink = 0;
    }
}

int daemon_log_level_parse(const char *text, daemon_log_level_t *level)
{
    for (int i = 0; i <= (int)DAEMON_LOG_OFF; i++) {
        if (strcmp(text, level_names[i]) == 0) {
            *level = (daemon_log_level_t)i;
            return 0;
        }
    }
    return -1;
}

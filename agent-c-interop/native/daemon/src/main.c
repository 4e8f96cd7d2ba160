/* main.c - security-agent-c: arguments, the local configuration, the log, signals, and the
 * agent service until SIGTERM or SIGINT. */
#include <fcntl.h>
#include <mosquitto.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "agent_service.h"
#include "collector_set.h"
#include "daemon_log.h"
#include "local_configuration.h"
#include "secagent.h"

#define DEFAULT_CONFIG "/etc/security-agent/agent.json"
#define STOP_GRACE_MS 5000
#define MAX_COLLECTOR_OPTIONS 16

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int signal_number)
{
    (void)signal_number;
    stop_requested = 1;
}

static void usage(FILE *to)
{
    fprintf(to, "Usage: security-agent-c [--config FILE] [--collectors LIST] [--collector-option C.KEY=VALUE]\n"
                "       [--hub-https-port N] [--dps-enrollment-group] [--root DIR] [--check-config] [--version]\n"
                "  --config FILE      the local configuration (default " DEFAULT_CONFIG ")\n"
                "  --collectors LIST  run only these collectors (comma-separated; \"\" for none); default: all of\n"
                "                     SystemInformation, LocalUsers, ListeningPorts, ProcessCreate, OSBaseline,\n"
                "                     ConnectionCreate, Login, FirewallConfiguration\n"
                "  --collector-option C.KEY=VALUE  a collector's option, e.g. ProcessCreate.source=polling\n"
                "                     (ProcessCreate: source auto|proc_connector|polling, receive_buffer_bytes,\n"
                "                     polling_interval_ms; ConnectionCreate: source auto|audit|sock_diag,\n"
                "                     include_loopback false|true, sock_diag_interval_ms; Login: source\n"
                "                     auto|audit|utmp, polling_interval_ms; FirewallConfiguration: source\n"
                "                     auto|iptables|nftables|recorded, network_namespace, tool_timeout_seconds);\n"
                "                     repeatable\n"
                "  --hub-https-port N the hub's REST port, where a device identity fetches the key of its\n"
                "                     azureiotsecurity module (default 443)\n"
                "  --dps-enrollment-group  DPS: the key file holds the enrollment group's key; the device's\n"
                "                     key is derived from it and the registration id\n"
                "  --root DIR         read the OS under DIR instead of / (a copy of a device's tree, tests)\n"
                "  --check-config     check the configuration and the files it names, then exit\n"
                "Runs until SIGTERM or SIGINT. Exit codes: 0 stopped, 1 failed, 2 usage, 3 bad configuration.\n");
}

static int install_signals(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = on_stop_signal;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGTERM, &action, NULL) != 0 || sigaction(SIGINT, &action, NULL) != 0)
        return -1;
    action.sa_handler = SIG_IGN;
    return sigaction(SIGPIPE, &action, NULL) == 0 && sigaction(SIGHUP, &action, NULL) == 0 ? 0 : -1;
}

/* The log destination of the configuration: stderr, syslog or a file (stderr appended to it). */
static int open_log(const local_configuration_t *c)
{
    if (c->log_destination == LOCAL_LOG_EVENT_LOG) {
        fprintf(stderr, "logging.destination: eventLog is Windows only\n");
        return -1;
    }
    if (c->log_destination == LOCAL_LOG_FILE) {
        int fd = open(c->log_file_path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
        if (fd < 0 || dup2(fd, STDERR_FILENO) < 0) {
            perror(c->log_file_path);
            if (fd >= 0)
                close(fd);
            return -1;
        }
        close(fd);
    }
    daemon_log_open(c->log_destination == LOCAL_LOG_SYSLOG ? DAEMON_LOG_TO_SYSLOG : DAEMON_LOG_TO_STDERR, c->log_level);
    return 0;
}

int main(int argc, char **argv)
{
    const char *config_path = DEFAULT_CONFIG;
    int check_only = 0, rc = 1;
    local_configuration_t *configuration = NULL;
    agent_service_t *service = NULL;
    const char *collector_options[MAX_COLLECTOR_OPTIONS];
    agent_service_options_t options = {NULL, "/", collector_options, 0, {443, 0, 30000}};
    char problems[4096], error[512];

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
        } else if (strcmp(argv[i], "--collectors") == 0 && i + 1 < argc) {
            options.collectors = argv[++i];
            if (collector_set_check_names(options.collectors, error, sizeof error) != 0) {
                fprintf(stderr, "--collectors: %s\n", error);
                return 2;
            }
        } else if (strcmp(argv[i], "--collector-option") == 0 && i + 1 < argc &&
                   options.collector_option_count < MAX_COLLECTOR_OPTIONS) {
            collector_options[options.collector_option_count++] = argv[++i];
        } else if (strcmp(argv[i], "--hub-https-port") == 0 && i + 1 < argc && atoi(argv[i + 1]) > 0 && atoi(argv[i + 1]) < 65536) {
            options.identity.rest_port = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--dps-enrollment-group") == 0) {
            options.identity.enrollment_group = 1;
        } else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc && argv[i + 1][0] == '/') {
            options.root = argv[++i];
        } else if (strcmp(argv[i], "--check-config") == 0) {
            check_only = 1;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("security-agent-c %s (libsecagent %s)\n", SA_DAEMON_VERSION, sa_version());
            return 0;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            fprintf(stderr, "unknown argument '%s'\n", argv[i]);
            usage(stderr);
            return 2;
        }
    }
    if (local_configuration_load(config_path, &configuration, problems, sizeof problems) != 0) {
        fprintf(stderr, "%s is not a valid local configuration:\n%s", config_path, problems);
        return 3;
    }
    if (check_only) {
        printf("%s is valid\n", config_path);
        local_configuration_destroy(configuration);
        return 0;
    }
    mosquitto_lib_init();
    if (open_log(configuration) != 0 || install_signals() != 0)
        goto cleanup;
    if (geteuid() == 0)
        daemon_log(DAEMON_LOG_WARNING, "running as root: run as the service's own user with ambient capabilities instead");
    if (agent_service_create(configuration, &options, &service, error, sizeof error) != 0) {
        daemon_log(DAEMON_LOG_FATAL, "cannot start: %s", error);
        goto cleanup;
    }
    daemon_log(DAEMON_LOG_INFORMATION, "security-agent-c %s started (agent %s)", SA_DAEMON_VERSION, configuration->agent_id);
    rc = agent_service_run(service, &stop_requested, STOP_GRACE_MS) == 0 ? 0 : 1;
cleanup:
    agent_service_destroy(service);
    mosquitto_lib_cleanup();
    daemon_log_close();
    local_configuration_destroy(configuration);
    return rc;
}

/* firewall_tool.c - the firewall tool runner (see firewall_tool.h). */
#define _GNU_SOURCE
#include "firewall_tool.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buffer.h"
#include "text_scan.h"

extern char **environ;

#define ERROR_TEXT_LIMIT 4096 /* of standard error, for the message */

static const char *const search_path[] = { "/usr/sbin", "/sbin", "/usr/bin", "/bin" };

static int candidate(const char *dir, size_t dir_length, const char *name, char *path, size_t capacity)
{
    /* Path.Combine(dir, name): a separator unless dir ends with one */
    int slash = dir_length > 0 && dir[dir_length - 1] != '/';
    int n = snprintf(path, capacity, "%.*s%s%s", (int)dir_length, dir, slash ? "/" : "", name);
    struct stat st;
    /* File.Exists: anything but a directory */
    return n > 0 && (size_t)n < capacity && stat(path, &st) == 0 && !S_ISDIR(st.st_mode);
}

int firewall_tool_find(const char *name, char *path, size_t capacity)
{
    const char *env = getenv("PATH");
    while (env != NULL && *env != 0) {
        const char *end = strchr(env, ':');
        size_t length = end == NULL ? strlen(env) : (size_t)(end - env);
        if (length > 0 && length < 4096 && candidate(env, length, name, path, capacity))
            return 0;
        env = end == NULL ? NULL : end + 1;
    }
    for (size_t i = 0; i < sizeof search_path / sizeof search_path[0]; i++)
        if (candidate(search_path[i], strlen(search_path[i]), name, path, capacity))
            return 0;
    return -1;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reaps the child, waiting until deadline_ms (then killing its group); its wait status, or -1. */
static int reap(pid_t pid, int64_t deadline_ms, int *timed_out)
{
    int status;
    for (;;) {
        pid_t r = waitpid(pid, &status, deadline_ms < 0 ? 0 : WNOHANG);
        if (r == pid)
            return status;
        if (r < 0 && errno != EINTR)
            return -1;
        if (r == 0 && now_ms() >= deadline_ms) {
            *timed_out = 1;
            kill(-pid, SIGKILL);
            deadline_ms = -1;
            continue;
        }
        if (r == 0)
            nanosleep(&(struct timespec){ 0, 5 * 1000 * 1000 }, NULL);
    }
}

static void close_fd(int *fd)
{
    if (*fd >= 0)
        close(*fd);
    *fd = -1;
}

firewall_tool_result_t firewall_tool_exec(const firewall_tool_t *tool, sa_allocator_t *allocator, const char *name,
                                          const char *const *argv, char **output, size_t *length, char *error,
                                          size_t error_capacity)
{
    const char *path = argv[0];
    int out[2] = { -1, -1 }, err[2] = { -1, -1 };
    sa_buffer_t text, errors;
    buffer_init(&text, allocator);
    buffer_init(&errors, allocator);
    firewall_tool_result_t result = FIREWALL_TOOL_FAILED;
    *output = NULL;
    *length = 0;
    /* checked here too, not only by posix_spawn: where it forks (valgrind, old C libraries) a
     * failed exec shows only as exit status 127 */
    if (access(path, X_OK) != 0) {
        snprintf(error, error_capacity, "%s could not be started: %s", name, strerror(errno));
        goto done;
    }
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
        snprintf(error, error_capacity, "%s could not be started: pipe: %s", name, strerror(errno));
        goto done;
    }
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    sigset_t none, defaults;
    sigemptyset(&none);
    sigfillset(&defaults);
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err[1], 2);
    posix_spawnattr_init(&attributes);
    /* its own process group, so that a timeout kills what it started too; signals as new */
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    pid_t pid;
    int spawned = posix_spawn(&pid, path, &actions, &attributes, (char *const *)argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    close_fd(&out[1]);
    close_fd(&err[1]);
    if (spawned != 0) {
        snprintf(error, error_capacity, "%s could not be started: %s", name, strerror(spawned));
        goto done;
    }
    int64_t deadline = now_ms() + (int64_t)tool->timeout_seconds * 1000;
    int timed_out = 0, too_much = 0;
    char chunk[16384];
    while ((out[0] >= 0 || err[0] >= 0) && !timed_out && !too_much) {
        struct pollfd fds[2] = { { out[0], POLLIN, 0 }, { err[0], POLLIN, 0 } };
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            timed_out = 1;
            break;
        }
        int ready = poll(fds, 2, left > 1000 ? 1000 : (int)left);
        if (ready < 0 && errno != EINTR)
            break;
        for (int i = 0; i < 2 && ready > 0; i++) {
            int *fd = i == 0 ? &out[0] : &err[0];
            if (*fd < 0 || fds[i].revents == 0)
                continue;
            ssize_t n = read(*fd, chunk, sizeof chunk);
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n <= 0) {
                close_fd(fd);
                continue;
            }
            if (i == 0) {
                if (text.length + (size_t)n > tool->output_limit)
                    too_much = 1;
                else
                    buffer_append(&text, chunk, (size_t)n);
            } else if (errors.length < ERROR_TEXT_LIMIT) {
                size_t keep = ERROR_TEXT_LIMIT - errors.length;
                buffer_append(&errors, chunk, (size_t)n < keep ? (size_t)n : keep);
            }
        }
    }
    if (timed_out || too_much)
        kill(-pid, SIGKILL);
    close_fd(&out[0]);
    close_fd(&err[0]);
    int status = reap(pid, timed_out || too_much ? -1 : deadline, &timed_out);
    if (timed_out) {
        snprintf(error, error_capacity, "%s ran longer than %d s", name, tool->timeout_seconds);
        goto done;
    }
    if (too_much) {
        snprintf(error, error_capacity, "%s wrote more than %zu bytes", name, tool->output_limit);
        goto done;
    }
    if (status == -1) {
        snprintf(error, error_capacity, "%s: wait failed: %s", name, strerror(errno));
        goto done;
    }
    /* .NET's ExitCode: the exit status, or 128 + the signal that ended it */
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : WIFSIGNALED(status) ? 128 + WTERMSIG(status) : 255;
    if (code != 0) {
        size_t start = 0, end = errors.length;
        if (errors.data != NULL)
            text_trim(errors.data, &start, &end);
        snprintf(error, error_capacity, "%s exited with %d: %.*s", name, code, (int)(end - start),
                 errors.data == NULL ? "" : errors.data + start);
        goto done;
    }
    buffer_terminate(&text);
    if (text.failed || errors.failed) {
        result = FIREWALL_TOOL_NO_MEMORY;
        snprintf(error, error_capacity, "%s: out of memory", name);
        goto done;
    }
    if (text.data == NULL) {
        /* no output at all: an empty text of its own */
        *output = alloc_malloc(allocator, 1);
        if (*output == NULL) {
            result = FIREWALL_TOOL_NO_MEMORY;
            snprintf(error, error_capacity, "%s: out of memory", name);
            goto done;
        }
        (*output)[0] = 0;
    } else {
        *output = text.data;
        *length = text.length;
        text.data = NULL;
    }
    result = FIREWALL_TOOL_OK;
done:
    close_fd(&out[0]);
    close_fd(&out[1]);
    close_fd(&err[0]);
    close_fd(&err[1]);
    buffer_release(&text);
    buffer_release(&errors);
    return result;
}

firewall_tool_result_t firewall_tool_run(const firewall_tool_t *tool, sa_allocator_t *allocator, const char *name,
                                         const char *const *arguments, char **output, size_t *length, char *error,
                                         size_t error_capacity)
{
    char path[4096], ip[4096];
    const char *argv[16];
    size_t n = 0, extra = 0;
    *output = NULL;
    *length = 0;
    if (firewall_tool_find(name, path, sizeof path) != 0)
        return FIREWALL_TOOL_MISSING;
    while (arguments[extra] != NULL)
        extra++;
    if (extra > 8) {
        snprintf(error, error_capacity, "%s: too many arguments", name);
        return FIREWALL_TOOL_FAILED;
    }
    /* argv[0] is the full path, as .NET starts a program: iptables-save is a multi-call
     * binary and ip reads its own name too */
    if (tool->network_namespace != NULL && tool->network_namespace[0] != 0) {
        if (firewall_tool_find("ip", ip, sizeof ip) != 0) {
            snprintf(error, error_capacity, "ip (iproute2) is not installed: cannot enter the network namespace");
            return FIREWALL_TOOL_FAILED;
        }
        argv[n++] = ip;
        argv[n++] = "netns";
        argv[n++] = "exec";
        argv[n++] = tool->network_namespace;
    }
    argv[n++] = path;
    for (size_t i = 0; i < extra; i++)
        argv[n++] = arguments[i];
    argv[n] = NULL;
    return firewall_tool_exec(tool, allocator, name, argv, output, length, error, error_capacity);
}

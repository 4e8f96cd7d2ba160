/* audit_compat_client.c - a 32-bit x86 program whose audited syscalls carry arch=40000003 on
 * an x86-64 kernel (and on an i386 one): the live tests run it to check that the agent's rules
 * and record parsing follow the kernel's architectures, not the agent's own. Built with -m32.
 *
 *   audit_compat_client connect   loopback TCP connections made and accepted three ways: connect
 *                                 (362) and accept4 (364) as direct calls, then connect and
 *                                 accept, and connect and accept4, through socketcall (102).
 *                                 Prints "<how> <listen port> <client port>" per connection,
 *                                 then holds the sockets until stdin closes (so the agent can
 *                                 read their local side from /proc).
 *   audit_compat_client exec      execve (11) of /bin/true in a child, and execveat (358). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/net.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#if !defined(__i386__)
#error "audit_compat_client is built for 32-bit x86 only (-m32)"
#endif

static unsigned short port_of(int fd, int peer)
{
    struct sockaddr_in a;
    socklen_t length = sizeof a;
    if ((peer ? getpeername(fd, (struct sockaddr *)&a, &length) : getsockname(fd, (struct sockaddr *)&a, &length)) != 0)
        return 0;
    return ntohs(a.sin_port);
}

static int socket_call(int call, unsigned long *args)
{
    return (int)syscall(SYS_socketcall, call, args);
}

/* One connection to the listener: connect and accept the way "how" names. */
static int connect_once(int listener, const struct sockaddr_in *to, const char *how, int fds[2])
{
    int client = socket(AF_INET, SOCK_STREAM, 0), accepted;
    struct sockaddr_in peer;
    socklen_t peer_length = sizeof peer;
    if (client < 0)
        return -1;
    if (strcmp(how, "direct") == 0) {
        if (syscall(SYS_connect, client, to, sizeof *to) != 0)
            return -1;
        accepted = (int)syscall(SYS_accept4, listener, &peer, &peer_length, 0);
    } else {
        unsigned long connect_args[3] = { (unsigned long)client, (unsigned long)to, sizeof *to };
        if (socket_call(SYS_CONNECT, connect_args) != 0)
            return -1;
        unsigned long accept_args[4] = { (unsigned long)listener, (unsigned long)&peer, (unsigned long)&peer_length, 0 };
        accepted = socket_call(strcmp(how, "socketcall-accept4") == 0 ? SYS_ACCEPT4 : SYS_ACCEPT, accept_args);
    }
    if (accepted < 0)
        return -1;
    fds[0] = client;
    fds[1] = accepted;
    printf("%s %u %u\n", how, (unsigned)ntohs(to->sin_port), (unsigned)port_of(client, 0));
    return 0;
}

static int connections(void)
{
    static const char *const ways[] = { "direct", "socketcall-accept", "socketcall-accept4" };
    struct sockaddr_in at;
    socklen_t length = sizeof at;
    int fds[3][2];
    memset(&at, 0, sizeof at);
    at.sin_family = AF_INET;
    at.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int listener = socket(AF_INET, SOCK_STREAM, 0);
    if (listener < 0 || bind(listener, (struct sockaddr *)&at, sizeof at) != 0 || listen(listener, 4) != 0
        || getsockname(listener, (struct sockaddr *)&at, &length) != 0)
        return 1;
    for (int i = 0; i < 3; i++)
        if (connect_once(listener, &at, ways[i], fds[i]) != 0)
            return 1;
    fflush(stdout);
    char byte;
    while (read(0, &byte, 1) > 0) {
        /* held until the test closes stdin */
    }
    return 0;
}

static int execs(void)
{
    static char *const argv[] = { "true", NULL };
    static char *const envp[] = { NULL };
    for (int how = 0; how < 2; how++) {
        pid_t child = fork();
        if (child < 0)
            return 1;
        if (child == 0) {
            if (how == 0)
                syscall(SYS_execve, "/bin/true", argv, envp);
            else
                syscall(SYS_execveat, AT_FDCWD, "/bin/true", argv, envp, 0);
            _exit(127);
        }
        int status;
        if (waitpid(child, &status, 0) != child || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
            return 1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "connect") == 0)
        return connections();
    if (argc == 2 && strcmp(argv[1], "exec") == 0)
        return execs();
    fprintf(stderr, "usage: audit_compat_client connect|exec\n");
    return 2;
}

using System.Runtime.InteropServices;

namespace SecurityAgent.Collectors.Linux.Interop;

/// <summary>The few libc calls the netlink sources need.</summary>
internal static unsafe partial class Libc
{
    public const int AfNetlink = 16;
    public const int SockRaw = 3;
    public const int SockDgram = 2;
    public const int SockCloexec = 0x80000;
    public const int SolSocket = 1;
    public const int SoRcvbuf = 8;
    public const int SoRcvtimeo = 20;
    public const int SoRcvbufForce = 33;
    public const int SoAttachFilter = 26;
    public const int SoGetFilter = SoAttachFilter; // the same option number, read with getsockopt
    public const int SoDetachFilter = 27;
    public const int SolNetlink = 270;
    public const int MsgDontwait = 0x40;
    public const int Eintr = 4;
    public const int Eagain = 11;
    public const int Enobufs = 105;
    public const int Eperm = 1;
    public const int Enoent = 2;
    public const int Eacces = 13;
    public const int Econnrefused = 111;

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "bind", SetLastError = true)]
    public static partial int Bind(int fd, void* address, int length);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, void* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, void* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int fd, void* buffer, nint length, int flags, void* address, int addressLength);

    [LibraryImport("libc", EntryPoint = "getsockname", SetLastError = true)]
    public static partial int GetSockName(int fd, void* address, int* length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    public static partial int GetSockOpt(int fd, int level, int name, void* value, int* length);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    public static partial int Statx(int directoryFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    public static partial int Open(byte* path, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint length);

    [LibraryImport("libc", EntryPoint = "readlink", SetLastError = true)]
    public static partial nint ReadLink(byte* path, byte* buffer, nint length);

    [LibraryImport("libc", EntryPoint = "getpid")]
    public static partial int GetPid();

    [LibraryImport("libc", EntryPoint = "uname", SetLastError = true)]
    private static partial int Uname(byte* names);

    /// <summary>uname()'s machine (struct utsname: six fields of 65 bytes on Linux, machine the fifth), or null.</summary>
    public static string? UnameMachine()
    {
        const int field = 65;
        var names = stackalloc byte[6 * field];
        if (Uname(names) != 0)
        {
            return null;
        }
        var machine = new ReadOnlySpan<byte>(names + (4 * field), field);
        var end = machine.IndexOf((byte)0);
        return System.Text.Encoding.ASCII.GetString(end < 0 ? machine : machine[..end]);
    }
}

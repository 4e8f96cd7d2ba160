using System.Text;
using SecurityAgent.Collectors.Linux.Interop;

namespace SecurityAgent.Collectors.Linux.Proc;

/// <summary>
/// Reads small /proc files and links with plain open/read/readlink into a caller's buffer: no
/// FileStream, no handle object, no string until the caller asks for one. The exec path of the
/// process collector runs this for every exec, so it allocates nothing but the result strings.
/// </summary>
/// <remarks>Stateless and thread-safe; the buffers belong to the caller.</remarks>
internal static unsafe class ProcFile
{
    private const int ReadOnlyCloexec = 0x80000;

    /// <summary>Reads up to <paramref name="buffer"/>'s length of the file at the NUL-terminated UTF-8 <paramref name="path"/>; -1 when it cannot be opened.</summary>
    public static int Read(ReadOnlySpan<byte> path, Span<byte> buffer)
    {
        fixed (byte* p = path)
        fixed (byte* b = buffer)
        {
            var fd = Libc.Open(p, ReadOnlyCloexec);
            if (fd < 0)
            {
                return -1;
            }
            var total = 0;
            while (total < buffer.Length)
            {
                var n = (int)Libc.Read(fd, b + total, buffer.Length - total);
                if (n <= 0)
                {
                    break;
                }
                total += n;
            }
            _ = Libc.Close(fd);
            return total;
        }
    }

    /// <summary>Reads the link at <paramref name="path"/>; -1 when it is not a link or is gone.</summary>
    public static int ReadLink(ReadOnlySpan<byte> path, Span<byte> buffer)
    {
        fixed (byte* p = path)
        fixed (byte* b = buffer)
        {
            return (int)Libc.ReadLink(p, b, buffer.Length);
        }
    }

    /// <summary>Writes "&lt;proc&gt;/&lt;pid&gt;/&lt;name&gt;\0" into <paramref name="destination"/>; returns the length without the NUL.</summary>
    public static int PathOf(ReadOnlySpan<byte> procPath, uint pid, ReadOnlySpan<byte> name, Span<byte> destination)
    {
        procPath.CopyTo(destination);
        var at = procPath.Length;
        destination[at++] = (byte)'/';
        pid.TryFormat(destination[at..], out var written, default, System.Globalization.CultureInfo.InvariantCulture);
        at += written;
        destination[at++] = (byte)'/';
        name.CopyTo(destination[at..]);
        at += name.Length;
        destination[at] = 0;
        return at;
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>.</summary>
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}

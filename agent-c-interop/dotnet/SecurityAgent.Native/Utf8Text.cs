using System.Runtime.InteropServices;
using System.Text;

namespace SecurityAgent.Native;

/// <summary>Conversions between .NET strings and the library's UTF-8 with lengths.</summary>
internal static unsafe class Utf8Text
{
    internal static byte[] Encode(string text) => Encoding.UTF8.GetBytes(text);

    internal static string FromNulTerminated(byte* text) =>
        text is null ? string.Empty : Marshal.PtrToStringUTF8((nint)text) ?? string.Empty;

    internal static byte[] Copy(byte* bytes, nuint length) =>
        length == 0 ? [] : new ReadOnlySpan<byte>(bytes, checked((int)length)).ToArray();
}

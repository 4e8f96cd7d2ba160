using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Text;

namespace SecurityAgent.Core.Json;

/// <summary>
/// Writes canonical JSON (schemas/CANONICAL.md) into a reusable byte buffer: no insignificant
/// whitespace, strings escaped only where JSON requires it, lower-case <c>\u00xx</c> for other
/// controls, everything else raw UTF-8, over-long strings truncated with an ellipsis.
/// </summary>
/// <remarks>Not thread-safe; one writer per pipeline, reset between uses.</remarks>
internal sealed class CanonicalJsonWriter
{
    /// <summary>The truncation limit of a command line, in UTF-8 bytes.</summary>
    public const int CommandLineLimit = 4096;

    /// <summary>The truncation limit of every other string, in UTF-8 bytes.</summary>
    public const int TextLimit = 1024;

    private static readonly SearchValues<char> EscapeOrWide = SearchValues.Create(BuildEscapeOrWide());

    private byte[] _buffer;
    private int _position;
    // One bit per nesting level: set when the next member or item needs a leading comma.
    private ulong _needsComma;
    private int _depth;

    /// <summary>Creates a writer with the given initial capacity.</summary>
    public CanonicalJsonWriter(int initialCapacity = 4096)
    {
        _buffer = new byte[Math.Max(256, initialCapacity)];
    }

    /// <summary>The bytes written since the last <see cref="Reset"/>.</summary>
    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _position);

    /// <summary>The number of bytes written since the last <see cref="Reset"/>.</summary>
    public int Position => _position;

    /// <summary>Forgets everything written; keeps the buffer.</summary>
    public void Reset()
    {
        _position = 0;
        _needsComma = 0;
        _depth = 0;
    }

    /// <summary>Copies what was written into a new array.</summary>
    public byte[] ToArray() => WrittenSpan.ToArray();

    public void StartObject()
    {
        BeforeValue();
        WriteByte((byte)'{');
        Push();
    }

    public void EndObject()
    {
        Pop();
        WriteByte((byte)'}');
    }

    public void StartArray()
    {
        BeforeValue();
        WriteByte((byte)'[');
        Push();
    }

    public void EndArray()
    {
        Pop();
        WriteByte((byte)']');
    }

    /// <summary>Writes a member name that is known to need no escaping (an ASCII literal).</summary>
    public void PropertyName(ReadOnlySpan<byte> asciiName)
    {
        BeforeValue();
        var span = Reserve(asciiName.Length + 3);
        span[0] = (byte)'"';
        asciiName.CopyTo(span[1..]);
        span[asciiName.Length + 1] = (byte)'"';
        span[asciiName.Length + 2] = (byte)':';
        _position += asciiName.Length + 3;
        // The value that follows must not get a comma.
        _needsComma &= ~(1UL << _depth);
    }

    /// <summary>Writes a member name from arbitrary text (escaped and truncated like a value).</summary>
    public void PropertyName(string name, int limit = TextLimit)
    {
        BeforeValue();
        WriteStringCore(name, limit);
        WriteByte((byte)':');
        _needsComma &= ~(1UL << _depth);
    }

    /// <summary>Writes a member name from final, unescaped UTF-8 bytes (escaped here).</summary>
    public void PropertyNameUtf8(ReadOnlySpan<byte> utf8)
    {
        BeforeValue();
        WriteEscapedUtf8(utf8);
        WriteByte((byte)':');
        _needsComma &= ~(1UL << _depth);
    }

    /// <summary>Writes a string value, truncated to <paramref name="limit"/> UTF-8 bytes.</summary>
    public void String(string value, int limit = TextLimit)
    {
        BeforeValue();
        WriteStringCore(value, limit);
    }

    /// <summary>Writes an ASCII string value that needs no escaping (an enum name, an id).</summary>
    public void AsciiString(ReadOnlySpan<byte> ascii)
    {
        BeforeValue();
        var span = Reserve(ascii.Length + 2);
        span[0] = (byte)'"';
        ascii.CopyTo(span[1..]);
        span[ascii.Length + 1] = (byte)'"';
        _position += ascii.Length + 2;
    }

    /// <summary>Writes a string value from final, unescaped UTF-8 bytes.</summary>
    public void StringUtf8(ReadOnlySpan<byte> utf8)
    {
        BeforeValue();
        WriteEscapedUtf8(utf8);
    }

    public void Number(long value)
    {
        BeforeValue();
        var span = Reserve(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _position += written;
    }

    public void Number(ulong value)
    {
        BeforeValue();
        var span = Reserve(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _position += written;
    }

    public void Boolean(bool value)
    {
        BeforeValue();
        WriteRaw(value ? "true"u8 : "false"u8);
    }

    /// <summary>Writes a UTC timestamp <c>yyyy-MM-ddTHH:mm:ss.fffZ</c>, milliseconds truncated.</summary>
    public void TimestampUtc(DateTimeOffset utc)
    {
        BeforeValue();
        var span = Reserve(26);
        span[0] = (byte)'"';
        var n = Timestamps.WriteUtc(utc, span[1..]);
        span[n + 1] = (byte)'"';
        _position += n + 2;
    }

    /// <summary>Writes a local timestamp with its numeric offset, milliseconds truncated.</summary>
    public void TimestampLocal(DateTimeOffset utc, TimeSpan offset)
    {
        BeforeValue();
        var span = Reserve(32);
        span[0] = (byte)'"';
        var n = Timestamps.WriteLocal(utc, offset, span[1..]);
        span[n + 1] = (byte)'"';
        _position += n + 2;
    }

    /// <summary>Appends bytes as they are, with no comma handling.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        var span = Reserve(bytes.Length);
        bytes.CopyTo(span);
        _position += bytes.Length;
    }

    /// <summary>Writes a value that is already canonical JSON (a serialized event).</summary>
    public void RawValue(ReadOnlySpan<byte> json)
    {
        BeforeValue();
        WriteRaw(json);
    }

    /// <summary>
    /// Converts text to its final UTF-8 form: lone surrogates become U+FFFD, and text over
    /// <paramref name="limit"/> bytes is cut at a code point boundary and ends with U+2026.
    /// </summary>
    public static byte[] ToFinalUtf8(string value, int limit)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var bytes = new byte[max];
        System.Text.Unicode.Utf8.FromUtf16(value, bytes, out _, out var written, replaceInvalidSequences: true);
        var length = Utf8Truncation.TruncatedLength(bytes.AsSpan(0, written), limit, out var ellipsis);
        var result = new byte[length + (ellipsis ? 3 : 0)];
        bytes.AsSpan(0, length).CopyTo(result);
        if (ellipsis)
        {
            Utf8Truncation.Ellipsis.CopyTo(result.AsSpan(length));
        }

        return result;
    }

    private void WriteStringCore(string value, int limit)
    {
        var chars = value.AsSpan();
        if (chars.Length <= limit && chars.IndexOfAny(EscapeOrWide) < 0)
        {
            // Printable ASCII that needs no escape: one byte per char.
            var span = Reserve(chars.Length + 2);
            span[0] = (byte)'"';
            Ascii.FromUtf16(chars, span.Slice(1, chars.Length), out _);
            span[chars.Length + 1] = (byte)'"';
            _position += chars.Length + 2;
            return;
        }

        WriteSlowString(chars, limit);
    }

    private void WriteSlowString(ReadOnlySpan<char> chars, int limit)
    {
        var max = Encoding.UTF8.GetMaxByteCount(chars.Length);
        byte[]? rented = null;
        var utf8 = max <= 1024 ? stackalloc byte[1024] : (rented = ArrayPool<byte>.Shared.Rent(max));
        System.Text.Unicode.Utf8.FromUtf16(chars, utf8, out _, out var written, replaceInvalidSequences: true);
        var length = Utf8Truncation.TruncatedLength(utf8[..written], limit, out var ellipsis);
        if (ellipsis)
        {
            Utf8Truncation.Ellipsis.CopyTo(utf8[length..]);
            length += 3;
        }

        WriteEscapedUtf8(utf8[..length]);
        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void WriteEscapedUtf8(ReadOnlySpan<byte> utf8)
    {
        // Worst case: every byte becomes \u00xx (6 bytes), plus the quotes.
        var span = Reserve(utf8.Length * 6 + 2);
        var o = 0;
        span[o++] = (byte)'"';
        foreach (var b in utf8)
        {
            if (b >= 0x20 && b != (byte)'"' && b != (byte)'\\')
            {
                span[o++] = b;
                continue;
            }

            span[o++] = (byte)'\\';
            switch (b)
            {
                case (byte)'"': span[o++] = (byte)'"'; break;
                case (byte)'\\': span[o++] = (byte)'\\'; break;
                case 0x08: span[o++] = (byte)'b'; break;
                case 0x09: span[o++] = (byte)'t'; break;
                case 0x0A: span[o++] = (byte)'n'; break;
                case 0x0C: span[o++] = (byte)'f'; break;
                case 0x0D: span[o++] = (byte)'r'; break;
                default:
                    span[o++] = (byte)'u';
                    span[o++] = (byte)'0';
                    span[o++] = (byte)'0';
                    span[o++] = HexDigit(b >> 4);
                    span[o++] = HexDigit(b & 0xF);
                    break;
            }
        }

        span[o++] = (byte)'"';
        _position += o;
    }

    private static byte HexDigit(int d) => (byte)(d < 10 ? '0' + d : 'a' + d - 10);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void BeforeValue()
    {
        var bit = 1UL << _depth;
        if ((_needsComma & bit) != 0)
        {
            WriteByte((byte)',');
        }

        _needsComma |= bit;
    }

    private void Push()
    {
        _depth++;
        if (_depth >= 64)
        {
            throw new InvalidOperationException("JSON nesting deeper than 63 levels.");
        }

        _needsComma &= ~(1UL << _depth);
    }

    private void Pop() => _depth--;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void WriteByte(byte b)
    {
        if (_position == _buffer.Length)
        {
            Grow(1);
        }

        _buffer[_position++] = b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> Reserve(int count)
    {
        if (_buffer.Length - _position < count)
        {
            Grow(count);
        }

        return _buffer.AsSpan(_position);
    }

    private void Grow(int count)
    {
        var size = Math.Max(_buffer.Length * 2, _position + count);
        Array.Resize(ref _buffer, size);
    }

    private static string BuildEscapeOrWide()
    {
        var sb = new StringBuilder();
        for (var c = 0; c < 0x20; c++)
        {
            sb.Append((char)c);
        }

        sb.Append('"').Append('\\');
        for (var c = 0x80; c <= 0xFFFF; c++)
        {
            sb.Append((char)c);
        }

        return sb.ToString();
    }
}

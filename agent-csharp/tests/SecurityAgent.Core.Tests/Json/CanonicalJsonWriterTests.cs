using System.Text;
using SecurityAgent.Core.Json;

namespace SecurityAgent.Core.Tests.Json;

public class CanonicalJsonWriterTests
{
    private static string Write(string value, int limit = CanonicalJsonWriter.TextLimit)
    {
        var w = new CanonicalJsonWriter(16);
        w.String(value, limit);
        return Encoding.UTF8.GetString(w.WrittenSpan);
    }

    private static byte[] WriteBytes(string value, int limit = CanonicalJsonWriter.TextLimit)
    {
        var w = new CanonicalJsonWriter(16);
        w.String(value, limit);
        return w.ToArray();
    }

    [Test]
    public void String_EveryControlCharacter_EscapedPerCanonicalForm()
    {
        for (var c = 0; c < 0x20; c++)
        {
            var expected = c switch
            {
                0x08 => "\\b",
                0x09 => "\\t",
                0x0A => "\\n",
                0x0C => "\\f",
                0x0D => "\\r",
                _ => "\\u00" + c.ToString("x2", System.Globalization.CultureInfo.InvariantCulture),
            };
            Assert.That(Write(((char)c).ToString()), Is.EqualTo("\"" + expected + "\""), $"U+{c:X4}");
        }
    }

    [Test]
    public void String_QuoteBackslashAndDelete_OnlyQuoteAndBackslashEscaped()
    {
        Assert.That(Write("a\"b\\c\u007f/<>&'+"), Is.EqualTo("\"a\\\"b\\\\c\u007f/<>&'+\""));
    }

    [Test]
    public void String_EmojiAndRightToLeft_WrittenAsRawUtf8()
    {
        var text = "😀 שלום مرحبا \u202Eevil";
        Assert.That(WriteBytes(text), Is.EqualTo(Encoding.UTF8.GetBytes("\"" + text + "\"")));
    }

    [Test]
    public void String_LoneSurrogates_BecomeReplacementCharacter()
    {
        Assert.That(Write("a\uD800b"), Is.EqualTo("\"a\uFFFDb\""));
        Assert.That(Write("a\uDC00b"), Is.EqualTo("\"a\uFFFDb\""));
        Assert.That(Write("\uDC00\uD800"), Is.EqualTo("\"\uFFFD\uFFFD\""));
        Assert.That(Write("end\uD83D"), Is.EqualTo("\"end\uFFFD\""));
    }

    [TestCase(new byte[] { 0x80 }, "\uFFFD", TestName = "String_LoneContinuationByte_OneReplacement")]
    [TestCase(new byte[] { 0xC3 }, "\uFFFD", TestName = "String_TruncatedTwoByteSequence_OneReplacement")]
    [TestCase(new byte[] { 0xE2, 0x82 }, "\uFFFD", TestName = "String_TruncatedThreeByteSequence_OneReplacement")]
    [TestCase(new byte[] { 0xF0, 0x9F, 0x98 }, "\uFFFD", TestName = "String_TruncatedFourByteSequence_OneReplacement")]
    [TestCase(new byte[] { 0xC0, 0xAF }, "\uFFFD\uFFFD", TestName = "String_OverlongEncoding_ReplacementPerByte")]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 }, "\uFFFD\uFFFD\uFFFD", TestName = "String_EncodedSurrogate_ReplacementPerByte")]
    [TestCase(new byte[] { 0xF4, 0x90, 0x80, 0x80 }, "\uFFFD\uFFFD\uFFFD\uFFFD", TestName = "String_AboveU10FFFF_ReplacementPerByte")]
    [TestCase(new byte[] { 0xFE, 0xFF }, "\uFFFD\uFFFD", TestName = "String_InvalidBytesFEFF_ReplacementPerByte")]
    [TestCase(new byte[] { 0x61, 0xE2, 0x82, 0x62 }, "a\uFFFDb", TestName = "String_InvalidInMiddle_MaximalSubpartReplaced")]
    public void String_InvalidUtf8FromTheOs_DecodedWithReplacement(byte[] raw, string expected)
    {
        // Collectors decode OS bytes with UTF8Encoding; this pins the exact bytes that result.
        var decoded = Encoding.UTF8.GetString(raw);
        Assert.That(WriteBytes(decoded), Is.EqualTo(Encoding.UTF8.GetBytes("\"" + expected + "\"")));
    }

    [Test]
    public void String_OneMegabyteCommandLine_TruncatedTo4096BytesWithEllipsis()
    {
        var value = new string('x', 1 << 20);
        var written = WriteBytes(value, CanonicalJsonWriter.CommandLineLimit);
        Assert.That(written, Has.Length.EqualTo(4096 + 2));
        Assert.That(Encoding.UTF8.GetString(written), Is.EqualTo("\"" + new string('x', 4093) + "…\""));
    }

    [Test]
    public void String_TruncationInsideMultiByteCharacter_CutsAtCodePointBoundary()
    {
        // 10 bytes limit: room for 7 bytes + ellipsis; "é" is 2 bytes, so 3 of them fit (6 bytes).
        Assert.That(Write("éééééé", 10), Is.EqualTo("\"ééé…\""));
        // Emoji are 4 bytes: one fits in 7.
        Assert.That(Write("😀😀😀", 10), Is.EqualTo("\"😀…\""));
    }

    [Test]
    public void String_ExactlyAtLimit_NotTruncated()
    {
        Assert.That(Write(new string('a', 1024)), Is.EqualTo("\"" + new string('a', 1024) + "\""));
        Assert.That(Write(new string('a', 1025)), Is.EqualTo("\"" + new string('a', 1021) + "…\""));
    }

    [Test]
    public void String_ControlCharactersNearLimit_LimitCountsUnescapedBytes()
    {
        // 1024 newlines are 1024 bytes before escaping: not truncated, each written as \n.
        var written = Write(new string('\n', 1024));
        Assert.That(written, Has.Length.EqualTo(2048 + 2));
    }

    [Test]
    public void Objects_NestedMembersAndArrays_CommasOnlyBetweenValues()
    {
        var w = new CanonicalJsonWriter(16);
        w.StartObject();
        w.PropertyName("a"u8);
        w.StartArray();
        w.Number(1);
        w.Number(-2);
        w.StartObject();
        w.EndObject();
        w.EndArray();
        w.PropertyName("b"u8);
        w.Boolean(false);
        w.EndObject();
        Assert.That(Encoding.UTF8.GetString(w.WrittenSpan), Is.EqualTo("{\"a\":[1,-2,{}],\"b\":false}"));
    }

    [Test]
    public void Timestamps_LocalAndUtc_MillisecondsTruncatedWithOffset()
    {
        var t = new DateTimeOffset(2024, 3, 5, 9, 15, 2, 123, TimeSpan.Zero).AddTicks(9999);
        var w = new CanonicalJsonWriter(16);
        w.StartArray();
        w.TimestampUtc(t);
        w.TimestampLocal(t, TimeSpan.FromHours(1));
        w.TimestampLocal(t, TimeSpan.FromMinutes(-330));
        w.TimestampLocal(t, TimeSpan.Zero);
        w.EndArray();
        Assert.That(Encoding.UTF8.GetString(w.WrittenSpan), Is.EqualTo(
            "[\"2024-03-05T09:15:02.123Z\",\"2024-03-05T10:15:02.123+01:00\",\"2024-03-05T03:45:02.123-05:30\",\"2024-03-05T09:15:02.123+00:00\"]"));
    }
}

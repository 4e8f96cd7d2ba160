using SecurityAgent.Core.Aggregation;

namespace SecurityAgent.Core.Tests.Aggregation;

public class WrittenTextTests
{
    private const int Limit = 1024;

    [Test]
    public void Equals_DifferOnlyBeyondTheLimit_AreEqualWithEqualHashes()
    {
        var a = new string('x', 4093) + "abc-one";
        var b = new string('x', 4093) + "abc-two";

        Assert.That(WrittenText.Equals(a, b, 4096), Is.True);
        Assert.That(WrittenText.GetHashCode(a, 4096), Is.EqualTo(WrittenText.GetHashCode(b, 4096)));
    }

    [Test]
    public void Equals_DifferWithinTheLimit_AreNotEqual()
    {
        var a = new string('x', 1020) + "ab";
        var b = new string('x', 1020) + "ac";

        Assert.That(WrittenText.Equals(a, b, Limit), Is.False);
    }

    [Test]
    public void Equals_TruncatedAndItsWrittenFormGivenVerbatim_AreEqual()
    {
        // 1025 bytes are cut to 1021 + U+2026; a 1024-byte input that already reads so is written alike.
        var over = new string('a', 1025);
        var written = new string('a', 1021) + "\u2026";

        Assert.That(WrittenText.Equals(over, written, Limit), Is.True);
        Assert.That(WrittenText.GetHashCode(over, Limit), Is.EqualTo(WrittenText.GetHashCode(written, Limit)));
    }

    [Test]
    public void Equals_LoneSurrogateAndReplacementCharacter_AreEqual()
    {
        Assert.That(WrittenText.Equals("a\uD800b", "a\uFFFDb", Limit), Is.True);
        Assert.That(WrittenText.GetHashCode("a\uD800b", Limit), Is.EqualTo(WrittenText.GetHashCode("a\uFFFDb", Limit)));
    }

    [Test]
    public void Equals_CutInsideAFourByteCharacter_ComparesTheWholeCodePointPrefix()
    {
        // 1018 + 4 bytes (U+1F600) + 4 more: the emoji straddles 1021, so both keep 1018 bytes.
        var a = new string('c', 1018) + "\U0001F600" + "1234";
        var b = new string('c', 1018) + "\U0001F601" + "5678";

        Assert.That(WrittenText.Equals(a, b, Limit), Is.True);
        Assert.That(WrittenText.GetHashCode(a, Limit), Is.EqualTo(WrittenText.GetHashCode(b, Limit)));
    }

    [Test]
    public void Equals_NullAndEmpty_AreNotEqual() =>
        Assert.That(WrittenText.Equals(null, string.Empty, Limit), Is.False);

    [Test]
    public void GetHashCode_TextWrittenAsIs_IsTheOrdinalHash() =>
        Assert.That(WrittenText.GetHashCode("/usr/bin/ls -l", Limit), Is.EqualTo(StringComparer.Ordinal.GetHashCode("/usr/bin/ls -l")));
}

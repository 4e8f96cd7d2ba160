using System.Text;
using System.Text.RegularExpressions;

namespace SecurityAgent.Schemas.Tests;

/// <summary>CANONICAL.md's complete message is the corpus file canonical-example.json, byte for byte.</summary>
public sealed class CanonicalDocumentTests
{
    private const string ExampleFile = "canonical-example.json";

    [Test]
    public void CompleteMessage_InCanonicalMd_EqualsCorpusExampleBytes()
    {
        var documented = Encoding.UTF8.GetBytes(CompleteMessageSection().Json);

        Assert.That(documented, Is.EqualTo(ReadExampleBytes()));
    }

    [Test]
    public void CompleteMessage_StatedLength_EqualsUtf8ByteCount()
    {
        var (json, statedLength) = CompleteMessageSection();

        Assert.That(Encoding.UTF8.GetByteCount(json), Is.EqualTo(statedLength));
    }

    [Test]
    public void CorpusExample_Bytes_HaveNoWhitespaceOutsideStrings()
    {
        var bytes = ReadExampleBytes();
        var inString = false;
        var escaped = false;
        foreach (var b in bytes)
        {
            if (inString)
            {
                inString = escaped || b != (byte)'"';
                escaped = !escaped && b == (byte)'\\';
            }
            else
            {
                Assert.That(b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r', Is.False);
                inString = b == (byte)'"';
            }
        }
    }

    private static byte[] ReadExampleBytes() =>
        File.ReadAllBytes(Path.Combine(CorpusFiles.Directory, "valid", ExampleFile));

    private static (string Json, int StatedLength) CompleteMessageSection()
    {
        var text = SchemaCatalog.ReadText("CANONICAL.md");
        var section = text[text.IndexOf("## 8. A complete message", StringComparison.Ordinal)..];
        var json = Regex.Match(section, "```json\n(.*?)\n```", RegexOptions.Singleline, TimeSpan.FromSeconds(1)).Groups[1].Value;
        var length = Regex.Match(section, @"(\d+)\s+bytes long", RegexOptions.None, TimeSpan.FromSeconds(1)).Groups[1].Value;
        return (json, int.Parse(length, System.Globalization.CultureInfo.InvariantCulture));
    }
}

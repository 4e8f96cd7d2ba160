using SecurityAgent.Core.Configuration;

namespace SecurityAgent.Core.Tests.Configuration;

public class IsoDurationTests
{
    [TestCase("PT7M", 420)]
    [TestCase("PT5H", 18000)]
    [TestCase("PT30S", 30)]
    [TestCase("P1D", 86400)]
    [TestCase("P2W", 1209600)]
    [TestCase("P1DT12H", 129600)]
    [TestCase("P1W2DT3H4M5S", 788645)]
    [TestCase("PT1H30M", 5400)]
    [TestCase("PT90M", 5400)]
    [TestCase("P0DT1S", 1)]
    [TestCase("PT999999S", 999999)]
    [TestCase("P999999W", 604799395200)]
    public void TryParse_ValidForm_TotalSeconds(string text, long seconds)
    {
        Assert.That(IsoDuration.TryParse(text, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(seconds));
    }

    [TestCase("")]
    [TestCase("P")]
    [TestCase("PT")]
    [TestCase("P1DT")]
    [TestCase("PT0S")]
    [TestCase("P0D")]
    [TestCase("pt7m")]
    [TestCase("PT7m")]
    [TestCase("P1Y")]
    [TestCase("P1M")]
    [TestCase("PT1.5S")]
    [TestCase("-PT1M")]
    [TestCase("PT1M1H")]
    [TestCase("P1D1W")]
    [TestCase("PT1HT1M")]
    [TestCase("PT1234567S")]
    [TestCase("PT1H ")]
    [TestCase("7M")]
    [TestCase("P1H")]
    [TestCase("PT+1M")]
    [TestCase("00:07:00")]
    public void TryParse_InvalidForm_False(string text)
    {
        Assert.That(IsoDuration.TryParse(text, out _), Is.False);
    }

    [TestCase(420, "PT7M")]
    [TestCase(18000, "PT5H")]
    [TestCase(46800, "PT13H")]
    [TestCase(129600, "P1DT12H")]
    [TestCase(604800, "P7D")]
    [TestCase(5400, "PT1H30M")]
    [TestCase(3661, "PT1H1M1S")]
    [TestCase(86401, "P1DT1S")]
    public void Format_Seconds_CanonicalForm(long seconds, string expected)
    {
        Assert.That(IsoDuration.Format(seconds), Is.EqualTo(expected));
    }
}

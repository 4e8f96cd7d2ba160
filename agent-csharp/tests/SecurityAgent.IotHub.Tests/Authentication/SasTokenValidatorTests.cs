using SecurityAgent.IotHub.Authentication;
using SecurityAgent.LocalHub.Authentication;

namespace SecurityAgent.IotHub.Tests.Authentication;

public class SasTokenValidatorTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private const string Other = "HyAeHRwbGhkYFxYVFBMSERAPDg0MCwoJCAcGBQQDAgE=";
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_900_000_000);

    [Test]
    public void Validate_GoodToken_Accepted()
    {
        var token = SharedAccessSignature.Create("h/devices/d", Key, Now.AddMinutes(10));

        Assert.That(SasTokenValidator.Validate(token, "h/devices/d", [Key], null, Now), Is.Null);
    }

    [Test]
    public void Validate_SecondKey_Accepted()
    {
        var token = SharedAccessSignature.Create("h/devices/d", Other, Now.AddMinutes(10));

        Assert.That(SasTokenValidator.Validate(token, "h/devices/d", [Key, Other], null, Now), Is.Null);
    }

    [Test]
    public void Validate_ExpiredWithinSkew_Accepted()
    {
        var token = SharedAccessSignature.Create("h/devices/d", Key, Now.AddMinutes(-4));

        Assert.That(SasTokenValidator.Validate(token, "h/devices/d", [Key], null, Now), Is.Null);
    }

    [Test]
    public void Validate_ExpiredBeyondSkew_Refused()
    {
        var token = SharedAccessSignature.Create("h/devices/d", Key, Now.AddMinutes(-6));

        Assert.That(SasTokenValidator.Validate(token, "h/devices/d", [Key], null, Now), Is.EqualTo("token expired"));
    }

    [Test]
    public void Validate_WrongKey_Refused()
    {
        var token = SharedAccessSignature.Create("h/devices/d", Other, Now.AddMinutes(10));

        Assert.That(SasTokenValidator.Validate(token, "h/devices/d", [Key], null, Now), Is.EqualTo("signature does not match"));
    }

    [Test]
    public void Validate_DeviceTokenForModule_AcceptedBySegmentPrefix()
    {
        var token = SharedAccessSignature.Create("h/devices/d", Key, Now.AddMinutes(10));

        Assert.That(SasTokenValidator.Validate(token, "h/devices/d/modules/m", [Key], null, Now), Is.Null);
    }

    [Test]
    public void Validate_OtherDeviceWithSharedPrefix_Refused()
    {
        var token = SharedAccessSignature.Create("h/devices/d", Key, Now.AddMinutes(10));

        Assert.That(SasTokenValidator.Validate(token, "h/devices/dx", [Key], null, Now), Does.Contain("does not cover"));
    }

    [Test]
    public void Validate_LowerCaseEncoding_Accepted()
    {
        var sr = "h%2fdevices%2fd";
        var se = Now.AddMinutes(10).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var token = $"SharedAccessSignature sig={Uri.EscapeDataString(SharedAccessSignature.ComputeSignature(Key, sr, se))}&se={se}&sr={sr}";

        Assert.That(SasTokenValidator.Validate(token, "h/devices/d", [Key], null, Now), Is.Null);
    }

    [Test]
    public void Validate_PolicyTokenWhereIdentityExpected_Refused()
    {
        var token = SharedAccessSignature.Create("h", Key, Now.AddMinutes(10), "iothubowner");

        Assert.That(SasTokenValidator.Validate(token, "h/devices/d", [Key], null, Now), Is.Not.Null);
    }

    [TestCase("")]
    [TestCase("Bearer abc")]
    [TestCase("SharedAccessSignature sr=h&se=1")]
    public void Validate_Malformed_Refused(string token)
    {
        Assert.That(SasTokenValidator.Validate(token, "h", [Key], null, Now), Is.Not.Null);
    }
}

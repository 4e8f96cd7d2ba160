using SecurityAgent.IotHub.ConnectionStrings;

namespace SecurityAgent.IotHub.Tests.ConnectionStrings;

public class IotHubConnectionStringTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Test]
    public void Parse_Module_ReadsEveryField()
    {
        var cs = IotHubConnectionString.Parse($"HostName=h.azure-devices.net;DeviceId=d1;ModuleId=azureiotsecurity;SharedAccessKey={Key};GatewayHostName=localhost");

        Assert.Multiple(() =>
        {
            Assert.That(cs.HostName, Is.EqualTo("h.azure-devices.net"));
            Assert.That(cs.DeviceId, Is.EqualTo("d1"));
            Assert.That(cs.ModuleId, Is.EqualTo("azureiotsecurity"));
            Assert.That(cs.SharedAccessKey, Is.EqualTo(Key));
            Assert.That(cs.ConnectHostName, Is.EqualTo("localhost"));
            Assert.That(cs.IsModule, Is.True);
        });
    }

    [Test]
    public void Parse_X509_SetsUsesX509()
    {
        var cs = IotHubConnectionString.Parse("hostname=h;deviceid=d;X509=true");

        Assert.That(cs.UsesX509, Is.True);
    }

    [Test]
    public void Parse_ServicePolicy_HasNoDevice()
    {
        var cs = IotHubConnectionString.Parse($"HostName=h;SharedAccessKeyName=iothubowner;SharedAccessKey={Key}");

        Assert.That((cs.DeviceId, cs.SharedAccessKeyName), Is.EqualTo(((string?)null, "iothubowner")));
    }

    [Test]
    public void ToString_WithKey_RedactsKey()
    {
        Assert.That(IotHubConnectionString.Parse($"HostName=h;DeviceId=d;SharedAccessKey={Key}").ToString(), Does.Not.Contain(Key).And.Contain("SharedAccessKey=***"));
    }

    [TestCase("", "no HostName")]
    [TestCase("DeviceId=d;SharedAccessKey=AAAA", "no HostName")]
    [TestCase("HostName=h;DeviceId=d", "no credential")]
    [TestCase("HostName=h;DeviceId=d;SharedAccessKey=not base64!", "not valid base64")]
    [TestCase("HostName=h;DeviceId=d;SharedAccessKey=AAAA;x509=true", "more than one credential")]
    [TestCase("HostName=h;ModuleId=m;SharedAccessKey=AAAA", "ModuleId but no DeviceId")]
    [TestCase("HostName=h;DeviceId=d;Bogus=1;SharedAccessKey=AAAA", "'Bogus' is not recognised")]
    [TestCase("HostName=h;DeviceId=d;DeviceId=e;SharedAccessKey=AAAA", "more than once")]
    [TestCase("HostName=h;DeviceId;SharedAccessKey=AAAA", "not of the form Key=Value")]
    [TestCase("HostName=h;DeviceId=a/b;SharedAccessKey=AAAA", "does not allow")]
    [TestCase("HostName=bad host;DeviceId=d;SharedAccessKey=AAAA", "not a valid host name")]
    [TestCase("HostName=h;DeviceId=d;x509=maybe", "not true or false")]
    [TestCase("HostName=h;DeviceId=;SharedAccessKey=AAAA", "empty value")]
    public void Parse_Malformed_ThrowsWithReason(string text, string reason)
    {
        var error = Assert.Throws<FormatException>(() => IotHubConnectionString.Parse(text));

        Assert.That(error!.Message, Does.Contain(reason));
    }
}

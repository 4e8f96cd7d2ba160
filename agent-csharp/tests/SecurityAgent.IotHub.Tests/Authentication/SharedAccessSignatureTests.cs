using SecurityAgent.IotHub.Authentication;

namespace SecurityAgent.IotHub.Tests.Authentication;

public class SharedAccessSignatureTests
{
    private const string Key = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    [Test]
    public void ComputeSignature_DeviceVector_MatchesReference()
    {
        Assert.That(SharedAccessSignature.ComputeSignature(Key, "myhub.azure-devices.net%2Fdevices%2Fdev1", "2000000000"), Is.EqualTo("Gh9KsnFrPxAVTnnUQ36jdKJATyk19JewFKEm5hMtIWQ="));
    }

    [Test]
    public void ComputeSignature_ModuleVector_MatchesReference()
    {
        Assert.That(SharedAccessSignature.ComputeSignature(Key, "myhub.azure-devices.net%2Fdevices%2Fdev1%2Fmodules%2Fmod1", "2000000000"), Is.EqualTo("wg6hXj/OkA4tnEkJr7UV/H4k13aYbtVpNi8X0+pQ+RI="));
    }

    [Test]
    public void Create_DeviceResource_EncodesResourceAndSignature()
    {
        var token = SharedAccessSignature.Create("myhub.azure-devices.net/devices/dev1", Key, DateTimeOffset.FromUnixTimeSeconds(2_000_000_000));

        Assert.That(token, Is.EqualTo("SharedAccessSignature sr=myhub.azure-devices.net%2Fdevices%2Fdev1&sig=Gh9KsnFrPxAVTnnUQ36jdKJATyk19JewFKEm5hMtIWQ%3D&se=2000000000"));
    }

    [Test]
    public void Create_WithPolicy_AppendsSkn()
    {
        var token = SharedAccessSignature.Create("myhub.azure-devices.net", Key, DateTimeOffset.FromUnixTimeSeconds(2_000_000_000), "iothubowner");

        Assert.That(token, Does.EndWith("&skn=iothubowner"));
    }

    [Test]
    public void DeriveDeviceKey_DocumentedVector_MatchesReference()
    {
        var derived = SharedAccessSignature.DeriveDeviceKey(
            "8isrFI1sGsIlvvFSSFRiMfCNzv21fjbE/+ah/lSh3lF8e2YG1Te7w1KpZhJFFXJrqYKi9yegxkqIChbqOS9Egw==",
            "sn-007-888-abc-mac-a1-b2-c3-d4-e5-f6");

        Assert.That(derived, Is.EqualTo("Jsm0lyGpjaVYVP2g3FnmnmG9dI/9qU24wNoykUmermc="));
    }

    [Test]
    public void IdentityResource_Module_IncludesModuleSegment()
    {
        Assert.That(SharedAccessSignature.IdentityResource("h", "d", "m"), Is.EqualTo("h/devices/d/modules/m"));
    }
}

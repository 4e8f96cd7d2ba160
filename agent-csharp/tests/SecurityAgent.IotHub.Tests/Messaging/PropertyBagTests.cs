using SecurityAgent.IotHub.Messaging;

namespace SecurityAgent.IotHub.Tests.Messaging;

public class PropertyBagTests
{
    [Test]
    public void Encode_SecurityProperties_UrlEncodesKeysAndValues()
    {
        var bag = PropertyBag.Encode([new("$.ifid", SecurityMessage.InterfaceId), new("$.ct", "application/json")]);

        Assert.That(bag, Is.EqualTo("%24.ifid=urn%3Aazureiot%3ASecurity%3ASecurityAgent%3A1&%24.ct=application%2Fjson"));
    }

    [Test]
    public void Decode_TrailingSlashAndBareKey_Tolerated()
    {
        var properties = PropertyBag.Decode("%24.mid=m%201&flag&a=b/");

        Assert.That(properties, Is.EqualTo(new KeyValuePair<string, string?>[] { new("$.mid", "m 1"), new("flag", null), new("a", "b") }));
    }

    [Test]
    public void Decode_Encode_RoundTrip()
    {
        KeyValuePair<string, string?>[] original = [new("$.ce", "utf-8"), new("k&=", "v/?%")];

        Assert.That(PropertyBag.Decode(PropertyBag.Encode(original)), Is.EqualTo(original));
    }
}

using System.Text.Json.Nodes;
using SecurityAgent.Configuration;
using SecurityAgent.Tests.Support;

namespace SecurityAgent.Tests.Configuration;

public sealed class LocalConfigurationLoaderTests
{
    private TempFolder _folder = null!;
    private string _keyFile = "";

    [SetUp]
    public void CreateKeyFile()
    {
        _folder = new TempFolder();
        _keyFile = Path.Combine(_folder.Path, "module.key");
        File.WriteAllText(_keyFile, "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }

    [TearDown]
    public void RemoveFolder() => _folder.Dispose();

    private JsonObject Valid() => new()
    {
        ["agentId"] = "7c9e6679-7425-40de-944b-e07fc1f90ae7",
        ["identity"] = new JsonObject
        {
            ["type"] = "module",
            ["deviceId"] = "gateway-7",
            ["authentication"] = new JsonObject { ["method"] = "sasKey", ["keyFile"] = _keyFile },
        },
        ["hubHostName"] = "contoso.azure-devices.net",
        ["outbox"] = new JsonObject { ["path"] = Path.Combine(_folder.Path, "outbox") },
        ["logging"] = new JsonObject { ["level"] = "information", ["destination"] = "console" },
    };

    [Test]
    public void Parse_ValidFile_AppliesDefaults()
    {
        var result = LocalConfigurationLoader.Parse(Valid().ToJsonString());

        Assert.That(result.Problems, Is.Empty);
        var configuration = result.Configuration!;
        Assert.That(configuration.Identity.ModuleId, Is.EqualTo("azureiotsecurity"));
        Assert.That(configuration.Transport.KeepAlive, Is.EqualTo(TimeSpan.FromSeconds(240)));
        Assert.That(configuration.Outbox.MaxSizeInBytes, Is.EqualTo(10 * 1024 * 1024));
        Assert.That(configuration.RemoteConfigurationObjectName, Is.EqualTo("ms_iotn:urn_azureiot_Security_SecurityAgentConfiguration"));
    }

    [Test]
    public void Parse_UnknownAuthenticationMethod_ListsTheMethodsAllowed()
    {
        var json = Valid();
        json["identity"]!["authentication"]!["method"] = "password";

        var result = LocalConfigurationLoader.Parse(json.ToJsonString());

        Assert.That(result.Problems.Select(p => p.ToString()), Has.Some.Contains("identity.authentication.method: must be one of").And.Some.Contains("x509"));
    }

    [Test]
    public void Parse_MissingKeyFile_NamesTheFieldAndTheFix()
    {
        var json = Valid();
        json["identity"]!["authentication"]!.AsObject().Remove("keyFile");

        var result = LocalConfigurationLoader.Parse(json.ToJsonString());

        Assert.That(result.IsValid, Is.False);
        Assert.That(result.Problems.Select(p => p.ToString()), Has.Some.Contains("identity.authentication").And.Some.Contains("keyFile"));
    }

    [Test]
    public void Parse_InlineKeyInsteadOfAPath_IsRejected()
    {
        var json = Valid();
        json["identity"]!["authentication"]!["keyFile"] = "c2VjcmV0LWtleS1mb3ItdGVzdHMtb25seS0xMjM0NTY=";

        var result = LocalConfigurationLoader.Parse(json.ToJsonString());

        Assert.That(result.Problems.Select(p => p.Field), Has.Some.EqualTo("identity.authentication.keyFile"));
        Assert.That(result.Problems.Select(p => p.Message), Has.Some.Contains("never the secret"));
    }

    [Test]
    public void Parse_UnknownSetting_SaysToRemoveIt()
    {
        var json = Valid();
        json["sharedAccessKey"] = "x";

        var result = LocalConfigurationLoader.Parse(json.ToJsonString());

        Assert.That(result.Problems.Select(p => p.Message), Has.Some.Contains("unknown setting"));
    }

    [Test]
    public void Parse_NotJson_SaysWhere()
    {
        var result = LocalConfigurationLoader.Parse("{\"agentId\": ");

        Assert.That(result.Problems.Single().Message, Does.StartWith("is not valid JSON (line 1"));
    }

    [Test]
    [Platform(Exclude = "Win")]
    public void Parse_KeyFileReadableByOthers_IsRefusedWithTheChmod()
    {
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(_keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var result = LocalConfigurationLoader.Parse(Valid().ToJsonString());

        Assert.That(result.Problems.Single().Field, Is.EqualTo("identity.authentication.keyFile"));
        Assert.That(result.Problems.Single().Message, Does.Contain("chmod 600"));
    }

    [Test]
    public void Parse_KeyFileMissing_SaysSo()
    {
        File.Delete(_keyFile);

        var result = LocalConfigurationLoader.Parse(Valid().ToJsonString());

        Assert.That(result.Problems.Single().Message, Does.Contain("does not exist"));
    }
}

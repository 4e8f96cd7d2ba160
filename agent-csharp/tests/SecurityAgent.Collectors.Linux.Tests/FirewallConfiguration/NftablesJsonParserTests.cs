using SecurityAgent.Collectors.Linux.FirewallConfiguration;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.FirewallConfiguration;

public sealed class NftablesJsonParserTests
{
    private static string Read(string name) => File.ReadAllText(Fixtures.Path("FirewallConfiguration", name));

    [Test]
    public void Parse_Recorded_EveryChainRulesThenPolicy()
    {
        var ruleset = NftablesJsonParser.Parse(Read("nft-ruleset.json"));
        Assert.That(ruleset.Tables, Is.EquivalentTo(new[] { "ip filter", "ip6 filter", "inet satest" }));
        var inet = ruleset.Rules.Where(r => r.ExtraDetails!["Table"] == "satest").ToList();
        Assert.That(inet.Select(r => (r.ChainName, r.Priority, r.Action, r.Direction)), Is.EqualTo(new[]
        {
            ("input", (uint?)0u, FirewallAction.Allow, (ConnectionDirection?)ConnectionDirection.In),
            ("input", 1u, FirewallAction.Deny, ConnectionDirection.In),
            ("input", 2u, FirewallAction.Other, ConnectionDirection.In),
            ("input", 3u, FirewallAction.Deny, ConnectionDirection.In),
        }));
        Assert.That(ruleset.Malformed, Is.Zero);
    }

    [Test]
    public void Parse_Recorded_MatchesInFields()
    {
        var inet = NftablesJsonParser.Parse(Read("nft-ruleset.json")).Rules.Where(r => r.ExtraDetails!["Table"] == "satest").ToList();
        Assert.That((inet[0].SourceAddress, inet[0].DestinationPort, inet[0].Protocol), Is.EqualTo(("!127.0.0.0/8", "22,8000-8080", "tcp")));
        Assert.That(inet[0].ExtraDetails!["Comment"], Is.EqualTo("hello"));
        Assert.That(inet[0].ExtraDetails!["Matches"], Does.Contain("\"ct\""));
        Assert.That((inet[1].DestinationAddress, inet[1].SourcePort, inet[1].Protocol), Is.EqualTo(("::1", "53", "udp")));
        Assert.That(inet[1].ExtraDetails!["InInterface"], Is.EqualTo("lo"));
        Assert.That((inet[2].Protocol, inet[2].ExtraDetails!["Target"], inet[2].ExtraDetails!["Verdict"]), Is.EqualTo(("icmp", "other", "jump")));
        Assert.That((inet[3].ExtraDetails!["Policy"], inet[3].ExtraDetails!["Family"], inet[3].ExtraDetails!["Hook"]), Is.EqualTo(("drop", "inet", "input")));
    }

    [Test]
    public void Parse_TablesOwnedByIptables_Skipped()
    {
        var ruleset = NftablesJsonParser.Parse(Read("nft-ruleset.json"), new HashSet<string> { "ip filter", "ip6 filter" });
        Assert.That(ruleset.Rules.Select(r => r.ExtraDetails!["Table"]).Distinct(), Is.EqualTo(new[] { "satest" }));
    }

    [Test]
    public void Parse_Malformed_BadEntriesCountedServiceNamePortInExtras()
    {
        var ruleset = NftablesJsonParser.Parse(Read("nft-malformed.json"));
        // expr not an array, a bare number, a rule without its chain.
        Assert.That(ruleset.Malformed, Is.EqualTo(3));
        Assert.That(ruleset.Rules.Select(r => (r.ChainName, r.Priority, r.Action, r.Direction)), Is.EqualTo(new[]
        {
            ("c", (uint?)0u, FirewallAction.Allow, (ConnectionDirection?)ConnectionDirection.Out),
            ("c", 1u, FirewallAction.Allow, ConnectionDirection.Out),
        }));
        Assert.That((ruleset.Rules[0].DestinationPort, ruleset.Rules[0].ExtraDetails!["DestinationPort"]), Is.EqualTo(((string?)null, "ssh")));
    }

    [TestCase("nft-truncated.json")]
    public void Parse_Truncated_InvalidData(string name) =>
        Assert.That(() => NftablesJsonParser.Parse(Read(name)), Throws.InstanceOf<InvalidDataException>());

    [Test]
    public void Parse_NoNftablesArray_InvalidData() =>
        Assert.That(() => NftablesJsonParser.Parse("{\"x\":1}"), Throws.InstanceOf<InvalidDataException>());

    [Test]
    public void Parse_EmptyExpressionObject_KeptAsUnknownMatch()
    {
        var ruleset = NftablesJsonParser.Parse(
            """{"nftables":[{"chain":{"family":"inet","table":"t","name":"c"}},{"rule":{"family":"inet","table":"t","chain":"c","expr":[{},{"accept":null}]}}]}""");
        Assert.That((ruleset.Rules.Single().Action, ruleset.Rules.Single().ExtraDetails!["Matches"]), Is.EqualTo((FirewallAction.Allow, "{}")));
    }

    [Test]
    public void Parse_EmptySetAddress_InExtrasNotAnEmptyField()
    {
        var ruleset = NftablesJsonParser.Parse(
            """{"nftables":[{"chain":{"family":"ip","table":"t","name":"c"}},{"rule":{"family":"ip","table":"t","chain":"c","expr":[{"match":{"op":"==","left":{"payload":{"protocol":"ip","field":"saddr"}},"right":{"set":[]}}}]}}]}""");
        Assert.That((ruleset.Rules.Single().SourceAddress, ruleset.Rules.Single().ExtraDetails!["SourceAddress"]), Is.EqualTo(((string?)null, "")));
    }
}

using SecurityAgent.Collectors.Linux.FirewallConfiguration;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.FirewallConfiguration;

public sealed class IptablesSaveParserTests
{
    private static FirewallRuleset ParseFixture(string name, string family = "ip") =>
        IptablesSaveParser.Parse(File.ReadAllText(Fixtures.Path("FirewallConfiguration", name)), family);

    [Test]
    public void Parse_Recorded_ChainsInOrderPoliciesLast()
    {
        var ruleset = ParseFixture("iptables-save.txt");
        Assert.That(ruleset.Rules.Select(r => (r.ChainName, r.Priority, r.Action)), Is.EqualTo(new[]
        {
            ("INPUT", (uint?)0u, FirewallAction.Deny),
            ("INPUT", 1u, FirewallAction.Deny),
            ("INPUT", 2u, FirewallAction.Allow),
            ("FORWARD", 0u, FirewallAction.Deny),
            ("OUTPUT", 0u, FirewallAction.Allow),
            ("MYCHAIN", 0u, FirewallAction.Other),
        }));
        Assert.That(ruleset.Malformed, Is.Zero);
        Assert.That(ruleset.Tables, Is.EquivalentTo(new[] { "ip filter" }));
        Assert.That(ruleset.Rules.Select(r => r.Direction), Is.EqualTo(new ConnectionDirection?[]
            { ConnectionDirection.In, ConnectionDirection.In, ConnectionDirection.In, null, ConnectionDirection.Out, null }));
    }

    [Test]
    public void Parse_Recorded_AddressesPortsProtocolAndExtras()
    {
        var rules = ParseFixture("iptables-save.txt").Rules;
        var first = rules[0];
        Assert.That((first.SourceAddress, first.Protocol, first.DestinationPort, first.SourcePort), Is.EqualTo(("127.0.0.2/32", "tcp", "2222", (string?)null)));
        Assert.That(first.ExtraDetails!["Comment"], Is.EqualTo("a b"));
        Assert.That(first.ExtraDetails.ContainsKey("Matches"), Is.False, "tcp and comment have fields");
        var second = rules[1];
        Assert.That((second.SourceAddress, second.Protocol, second.DestinationPort), Is.EqualTo(("!127.0.0.3/32", "udp", "53,1000-2000")));
        Assert.That(second.ExtraDetails!["Matches"], Is.EqualTo("-m conntrack --ctstate NEW"));
        Assert.That(second.ExtraDetails!["TargetOptions"], Is.EqualTo("--reject-with icmp-port-unreachable"));
        Assert.That(rules[2].ExtraDetails!["Policy"], Is.EqualTo("ACCEPT"));
        Assert.That(rules[5].ExtraDetails!["Target"], Is.EqualTo("RETURN"));
        Assert.That(rules.All(r => r.Enabled && r.ExtraDetails!["Family"] == "ipv4"), Is.True);
    }

    [Test]
    public void Parse_Ip6tables_FamilyIpv6()
    {
        var rules = ParseFixture("ip6tables-save.txt", "ip6").Rules;
        var output = rules.First(r => r.ChainName == "OUTPUT");
        Assert.That((output.DestinationAddress, output.Action, output.Priority), Is.EqualTo(("::1/128", FirewallAction.Allow, (uint?)0u)));
        Assert.That(output.ExtraDetails!["Family"], Is.EqualTo("ipv6"));
    }

    [Test]
    public void Parse_Malformed_BadLinesCountedGoodRulesKept()
    {
        var ruleset = ParseFixture("iptables-save-malformed.txt");
        // The rule outside a table, the garbage line, the cut-short --dport, and the missing COMMIT.
        Assert.That(ruleset.Malformed, Is.EqualTo(4));
        Assert.That(ruleset.Rules.Select(r => (r.ChainName, r.Priority, r.Action)), Is.EqualTo(new[]
        {
            ("INPUT", (uint?)0u, FirewallAction.Allow),
            ("INPUT", 1u, FirewallAction.Deny),
            ("OUTPUT", 0u, FirewallAction.Other),
            ("OUTPUT", 1u, FirewallAction.Allow),
            ("OUTPUT", 2u, FirewallAction.Allow),
        }));
        Assert.That((ruleset.Rules[0].SourcePort, ruleset.Rules[0].DestinationPort), Is.EqualTo(("1024-65535", "22")));
        Assert.That(ruleset.Rules[2].ExtraDetails!["Matches"], Is.EqualTo("-m owner --uid-owner 0"));
        Assert.That(ruleset.Rules[2].ExtraDetails!["TargetOptions"], Is.EqualTo("--log-prefix \"x \"y\"\""));
        Assert.That(ruleset.Rules[2].ExtraDetails!["Target"], Is.EqualTo("LOG"));
        Assert.That((ruleset.Rules[3].DestinationPort, ruleset.Rules[3].ExtraDetails!["DestinationPort"]), Is.EqualTo(((string?)null, "!80")));
    }

    [Test]
    public void Parse_Empty_NoRules()
    {
        var ruleset = IptablesSaveParser.Parse(string.Empty, "ip");
        Assert.That((ruleset.Rules.Count, ruleset.Malformed), Is.EqualTo((0, 0)));
    }

    [TestCase("22", "22")]
    [TestCase("1000:2000", "1000-2000")]
    [TestCase("22,80,1000:2000", "22,80,1000-2000")]
    [TestCase("ssh", null)]
    [TestCase("70000", null)]
    [TestCase("", null)]
    public void TryNormalize_Port_SchemaForm(string text, string? expected)
    {
        Assert.That(PortText.TryNormalize(text, out var ports) ? ports : null, Is.EqualTo(expected));
    }
}

using System.Diagnostics;
using SecurityAgent.Collectors.Linux.FirewallConfiguration;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.FirewallConfiguration;

/// <summary>An iptables and an nftables rule in a scratch network namespace; the host's own rules are never touched.</summary>
[NonParallelizable]
public sealed class FirewallConfigurationCollectorLiveTests
{
    private readonly string _namespace = $"sa-fw-{Environment.ProcessId}";

    [SetUp]
    public void SetUp()
    {
        Run("ip", "netns", "add", _namespace);
    }

    [TearDown]
    public void TearDown()
    {
        Run("ip", "netns", "del", _namespace);
    }

    [Test]
    public void Snapshot_RulesInScratchNamespace_BothFrontEnds()
    {
        InNamespace("iptables", "-A", "INPUT", "-s", "127.0.0.2", "-p", "tcp", "--dport", "2222", "-j", "DROP");
        InNamespace("iptables", "-P", "OUTPUT", "DROP");
        InNamespace("nft", "add", "table", "inet", "satest");
        InNamespace("nft", "add", "chain", "inet", "satest", "out", "{ type filter hook output priority 0; policy accept; }");
        InNamespace("nft", "add", "rule", "inet", "satest", "out", "ip", "daddr", "127.0.0.3", "udp", "dport", "5353", "drop");

        var rules = new FirewallConfigurationCollector(new FirewallConfigurationOptions { NetworkNamespace = _namespace }).Snapshot();

        var drop = rules.Single(r => r.DestinationPort == "2222");
        Assert.That((drop.ChainName, drop.Action, drop.Direction, drop.SourceAddress, drop.Protocol, drop.Priority),
            Is.EqualTo(("INPUT", FirewallAction.Deny, (ConnectionDirection?)ConnectionDirection.In, "127.0.0.2/32", "tcp", (uint?)0u)));
        var outputPolicy = rules.Single(r => r.ChainName == "OUTPUT" && r.ExtraDetails!["Family"] == "ipv4");
        Assert.That((outputPolicy.Action, outputPolicy.Direction), Is.EqualTo((FirewallAction.Deny, (ConnectionDirection?)ConnectionDirection.Out)));
        var nft = rules.Where(r => r.ExtraDetails!["Table"] == "satest").ToList();
        Assert.That(nft.Select(r => (r.ChainName, r.Priority, r.Action, r.DestinationAddress, r.DestinationPort)), Is.EqualTo(new[]
        {
            ("out", (uint?)0u, FirewallAction.Deny, "127.0.0.3", "5353"),
            ("out", 1u, FirewallAction.Allow, null, null),
        }));
        Assert.That(rules.Count(r => r.ExtraDetails!["Table"] == "filter" && r.ExtraDetails["Family"] == "ip"), Is.Zero,
            "iptables-nft's table is read through iptables-save only");
    }

    [Test]
    public void Snapshot_EmptyNamespace_NoRulesOrOnlyAcceptPolicies()
    {
        var rules = new FirewallConfigurationCollector(new FirewallConfigurationOptions { NetworkNamespace = _namespace }).Snapshot();
        Assert.That(rules.All(r => r.Action == FirewallAction.Allow && r.ExtraDetails!.ContainsKey("Policy")), Is.True);
    }

    private void InNamespace(string tool, params string[] arguments) => Run("ip", ["netns", "exec", _namespace, tool, .. arguments]);

    private static void Run(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { UseShellExecute = false, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.Zero, $"{tool} {string.Join(' ', arguments)}: {error}");
    }
}

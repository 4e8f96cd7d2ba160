using SecurityAgent.Core;
using SecurityAgent.Core.Configuration;
using SecurityAgent.Hosting;

namespace SecurityAgent.Tests.Hosting;

public sealed class CollectorCatalogTests
{
    [Test]
    public void CustomChecksOf_TwinEnablesThem_HandsPathAndHashToTheBaselineCollector()
    {
        var core = AgentCore.Create(new AgentCoreOptions { AgentId = "4d9c3a52-8f1e-4b7a-9c2d-6e5f4a3b2c1d" });
        var hash = new string('a', 64);
        var applied = core.ApplyTwin($$$"""
            {"baselineCustomChecksEnabled":{"value":true},
             "baselineCustomChecksFilePath":{"value":"/etc/security-agent/checks.json"},
             "baselineCustomChecksFileHash":{"value":"{{{hash}}}"}}
            """);

        var checks = CollectorCatalog.CustomChecksOf(core.Configuration);

        Assert.That(applied.Accepted, Is.True, string.Join("; ", applied.Errors.Select(e => e.Message)));
        Assert.That(checks, Is.Not.Null);
        Assert.That((checks!.Enabled, checks.FilePath, checks.FileHash), Is.EqualTo((true, "/etc/security-agent/checks.json", hash)));
    }

    [Test]
    public void CustomChecksOf_Defaults_None()
    {
        Assert.That(CollectorCatalog.CustomChecksOf(AgentConfiguration.Default), Is.Null);
    }

    [Test]
    [Platform("Linux")]
    public void Create_OnLinux_EveryCollectorOnceAndASubsetByName()
    {
        var all = CollectorCatalog.Create(null, () => AgentConfiguration.Default).Select(c => c.Name).ToList();
        var some = CollectorCatalog.Create(new HashSet<string> { "LocalUsers", "Login" }, () => AgentConfiguration.Default).Select(c => c.Name);

        Assert.That(all, Is.EqualTo(CollectorCatalog.Names), "the names the command line offers are the collectors made");
        Assert.That(all, Is.EqualTo(new[] { "ProcessCreate", "ConnectionCreate", "Login", "ListeningPorts", "LocalUsers", "FirewallConfiguration", "OSBaseline", "SystemInformation" }));
        Assert.That(some, Is.EquivalentTo(new[] { "LocalUsers", "Login" }));
    }
}

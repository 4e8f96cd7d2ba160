using System.Diagnostics;
using SecurityAgent.Tests.Support;

namespace SecurityAgent.Tests.Installers;

/// <summary>The shipped unit file, checked by systemd's own verifier against the built program.</summary>
[Platform(Exclude = "Win")]
public sealed class SystemdUnitTests
{
    private static readonly string Unit = Path.Combine(AppContext.BaseDirectory, "installers", "security-agent.service");

    [Test]
    public async Task Unit_VerifiedBySystemd_HasNoComplaints()
    {
        using var folder = new TempFolder("unit-");
        var unit = Path.Combine(folder.Path, "security-agent.service");
        var agent = Path.Combine(AppContext.BaseDirectory, "security-agent");
        await File.WriteAllTextAsync(unit, (await File.ReadAllTextAsync(Unit)).Replace("/opt/security-agent/security-agent", agent, StringComparison.Ordinal));

        var start = new ProcessStartInfo("systemd-analyze", ["verify", "--man=no", unit]) { RedirectStandardError = true, RedirectStandardOutput = true };
        using var verify = Process.Start(start)!;
        var complaints = await verify.StandardError.ReadToEndAsync() + await verify.StandardOutput.ReadToEndAsync();
        await verify.WaitForExitAsync();

        Assert.That(verify.ExitCode, Is.Zero, complaints);
        Assert.That(complaints.Trim(), Is.Empty);
    }

    [Test]
    public async Task Unit_RunsUnprivilegedWithNotifyAndOnlyNamedCapabilities()
    {
        var lines = (await File.ReadAllLinesAsync(Unit)).Where(l => !l.StartsWith('#')).ToList();

        Assert.That(lines, Does.Contain("Type=notify"));
        Assert.That(lines, Does.Contain("User=security-agent"));
        Assert.That(lines, Does.Contain("NoNewPrivileges=yes"));
        var ambient = lines.Single(l => l.StartsWith("AmbientCapabilities=", StringComparison.Ordinal))["AmbientCapabilities=".Length..];
        var bounding = lines.Single(l => l.StartsWith("CapabilityBoundingSet=", StringComparison.Ordinal))["CapabilityBoundingSet=".Length..];
        Assert.That(ambient, Is.EqualTo(bounding));
        Assert.That(ambient, Does.Not.Contain("CAP_SYS_ADMIN"));
    }
}

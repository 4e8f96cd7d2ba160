using System.Security.Cryptography;
using SecurityAgent.Collectors.Linux.OSBaseline;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.Tests.OSBaseline;

/// <summary>
/// The built-in checks against two fixture trees. Git keeps no file modes but the executable bit,
/// so each test copies its tree to a scratch directory and sets the modes the tree stands for.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class OSBaselineCollectorTests
{
    private static readonly string[] Strict = ["etc/shadow", "etc/gshadow"];
    private static readonly string[] Private = ["etc/ssh/sshd_config", "etc/crontab"];

    private static ScratchDirectory CopyTree(string name, bool hardened)
    {
        var scratch = Fixtures.Scratch();
        var source = Fixtures.Path("OSBaseline", name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            var target = Path.Combine(scratch.FullPath, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
            var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
            if (hardened && Strict.Contains(relative))
            {
                mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
            }
            else if (hardened && Private.Contains(relative))
            {
                mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            File.SetUnixFileMode(target, mode);
        }
        return scratch;
    }

    private static List<OSBaselinePayload> Snapshot(string root, BaselineCustomChecks? custom, List<string> reports) =>
        new OSBaselineCollector(new OSBaselineOptions { Root = root, CustomChecks = () => custom }).Snapshot((_, m) => reports.Add(m));

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))).ToLowerInvariant();

    [Test]
    public void BuiltIn_AtLeast30ChecksOfEveryKind()
    {
        var checks = BaselineCheckFile.BuiltIn;
        Assert.That(checks, Has.Count.GreaterThanOrEqualTo(30));
        Assert.That(checks.Select(c => c.Id), Is.Unique);
        Assert.That(checks.Select(c => c.Kind).Distinct(), Is.EquivalentTo(new[] { "keyValue", "fileContent", "fileMode", "absent", "mountOption", "noEmptyPasswords", "onlyRootUid0" }));
        Assert.That(checks.Where(c => c.CceId is not null).Select(c => c.CceId), Has.All.Match("^CCE-[0-9]+-[0-9]$"));
    }

    [Test]
    public void Snapshot_HardenedTree_NothingSent()
    {
        Assume.That(Environment.UserName, Is.EqualTo("root"), "the owner checks expect the copies to be owned by root");
        using var tree = CopyTree("hardened", hardened: true);
        var reports = new List<string>();
        var items = Snapshot(tree.FullPath, null, reports);
        Assert.That(items.Select(i => $"{i.ExtraDetails!["CheckId"]}: {i.Error}"), Is.Empty);
        Assert.That(reports, Is.Empty);
    }

    [Test]
    public void Snapshot_WeakTree_FailuresAndErrors()
    {
        Assume.That(Environment.UserName, Is.EqualTo("root"));
        using var tree = CopyTree("weak", hardened: false);
        var items = Snapshot(tree.FullPath, null, []);
        var results = items.ToDictionary(i => i.ExtraDetails!["CheckId"], i => i.Result);
        Assert.That(results.Where(r => r.Value == BaselineResult.Fail).Select(r => r.Key), Is.EquivalentTo(new[]
        {
            "ssh-permit-root-login", "ssh-password-authentication", "ssh-protocol", "ssh-x11-forwarding", "ssh-max-auth-tries",
            "ssh-permit-empty-passwords", "ssh-client-alive-interval", "ssh-login-grace-time", "ssh-log-level",
            "password-max-days", "password-min-days", "default-umask", "shadow-no-empty-passwords", "passwd-only-root-uid-0",
            "perm-etc-shadow", "perm-etc-gshadow", "perm-sshd-config", "perm-etc-crontab",
            "net-ip-forward", "net-send-redirects", "net-accept-redirects", "net-tcp-syncookies", "net-rp-filter", "net-log-martians",
            "service-telnet-server", "service-tftp-server", "client-telnet", "mount-tmp", "mount-dev-shm",
        }));
        Assert.That(results.Where(r => r.Value == BaselineResult.Err).Select(r => r.Key), Is.EqualTo(new[] { "net-icmp-echo-ignore-broadcasts" }));
        var byId = items.ToDictionary(i => i.ExtraDetails!["CheckId"]);
        Assert.That(byId["ssh-login-grace-time"].Error, Is.EqualTo("LoginGraceTime is 2m; expected 1 to 60"));
        Assert.That(byId["ssh-password-authentication"].Error, Does.Contain("not set (default yes)"), "a Match block does not count");
        Assert.That(byId["shadow-no-empty-passwords"].Error, Is.EqualTo("empty password: alice, toor"));
        Assert.That(byId["perm-etc-shadow"].Error, Is.EqualTo("/etc/shadow: mode is 0644, more than 0640"));
        Assert.That(byId["mount-dev-shm"].Error, Is.EqualTo("/dev/shm is mounted without noexec"));
        Assert.That(byId["service-tftp-server"].Error, Is.EqualTo("present: /etc/systemd/system/sockets.target.wants/tftp.socket"));
        Assert.That(byId["net-icmp-echo-ignore-broadcasts"].Error, Is.EqualTo("/proc/sys/net/ipv4/icmp_echo_ignore_broadcasts does not exist"));
        Assert.That(byId["ssh-permit-root-login"].CceId, Is.Empty, "no CCE id is claimed where none is known");
        Assert.That(byId["ssh-permit-root-login"].Severity, Is.EqualTo(BaselineSeverity.Critical));
    }

    [Test]
    public void Snapshot_EmptyRoot_MissingRequiredFilesAreErrOptionalOnesPass()
    {
        using var empty = Fixtures.Scratch();
        var items = Snapshot(empty.FullPath, null, []);
        var byId = items.ToDictionary(i => i.ExtraDetails!["CheckId"]);
        Assert.That(byId["password-max-days"].Result, Is.EqualTo(BaselineResult.Err));
        Assert.That(byId["perm-etc-shadow"].Result, Is.EqualTo(BaselineResult.Err));
        Assert.That(byId["mount-tmp"].Result, Is.EqualTo(BaselineResult.Err), "no proc/mounts to read");
        Assert.That(byId.ContainsKey("ssh-permit-root-login"), Is.False, "no SSH daemon: its checks pass");
    }

    [Test]
    public void Snapshot_CustomChecksHashMatches_CustomResultsAddedInvalidOneReported()
    {
        using var tree = CopyTree("weak", hardened: false);
        var file = Path.Combine(tree.FullPath, "var", "lib", "custom-checks.json");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.Copy(Fixtures.Path("OSBaseline", "custom-checks.json"), file);
        var reports = new List<string>();
        var collector = new OSBaselineCollector(new OSBaselineOptions
        {
            Root = tree.FullPath,
            CustomChecks = () => new BaselineCustomChecks(true, "/var/lib/custom-checks.json", Hash(file).ToUpperInvariant()),
        });
        var items = collector.Snapshot((_, m) => reports.Add(m));
        var custom = items.Where(i => i.ExtraDetails!["CheckId"].StartsWith("custom:", StringComparison.Ordinal)).ToList();
        Assert.That(custom.Select(i => (i.ExtraDetails!["CheckId"], i.Result)), Is.EquivalentTo(new[]
        {
            ("custom:sshd-config-absent", BaselineResult.Fail),
            ("custom:ssh-max-sessions", BaselineResult.Fail),
        }));
        Assert.That(reports, Has.Count.EqualTo(1));
        Assert.That(reports[0], Does.Contain("check 1: no-kind: kind is one of"));
        Assert.That(collector.Malformed, Is.EqualTo(1));
    }

    [Test]
    public void Snapshot_CustomChecksHashMismatch_SkippedWithWarning()
    {
        using var tree = CopyTree("weak", hardened: false);
        File.Copy(Fixtures.Path("OSBaseline", "custom-checks.json"), Path.Combine(tree.FullPath, "custom.json"));
        var reports = new List<string>();
        var items = Snapshot(tree.FullPath, new BaselineCustomChecks(true, "/custom.json", new string('0', 64)), reports);
        Assert.That(items.Any(i => i.ExtraDetails!["CheckId"].StartsWith("custom:", StringComparison.Ordinal)), Is.False);
        Assert.That(reports.Single(), Does.Contain("not the configured hash; custom checks skipped"));
    }

    [TestCase("not json", "is not a checks file")]
    [TestCase("{\"checks\": 3}", "is not a checks file")]
    public void Snapshot_CustomChecksNotAChecksFile_SkippedWithWarning(string content, string expected)
    {
        using var tree = Fixtures.Scratch();
        var file = tree.Write("custom.json", content);
        var reports = new List<string>();
        Snapshot(tree.FullPath, new BaselineCustomChecks(true, "/custom.json", Hash(file)), reports);
        Assert.That(reports.Single(), Does.Contain(expected));
    }

    [Test]
    public void Snapshot_CustomChecksDisabled_FileNotRead()
    {
        using var tree = Fixtures.Scratch();
        var reports = new List<string>();
        Snapshot(tree.FullPath, new BaselineCustomChecks(false, "/missing.json", "00"), reports);
        Assert.That(reports, Is.Empty);
    }
}

using System.Diagnostics;

namespace SecurityAgent.Collectors.Linux.FirewallConfiguration;

/// <summary>
/// Runs one firewall tool (iptables-save, ip6tables-save, nft) without a shell and returns its
/// output; in a named network namespace through <c>ip netns exec NAME</c>.
/// </summary>
/// <remarks>Thread-safe.</remarks>
internal sealed class FirewallTool
{
    private static readonly string[] SearchPath = ["/usr/sbin", "/sbin", "/usr/bin", "/bin"];
    private readonly string? _namespace;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a runner for <paramref name="networkNamespace"/> (null: the agent's own).</summary>
    public FirewallTool(string? networkNamespace, TimeSpan timeout)
    {
        _namespace = networkNamespace;
        _timeout = timeout;
    }

    /// <summary>The full path of a tool, or null when it is not installed.</summary>
    public static string? Find(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH")?.Split(':', StringSplitOptions.RemoveEmptyEntries) ?? [];
        foreach (var dir in path.Concat(SearchPath))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/>; null when the tool is not installed.</summary>
    /// <exception cref="IOException">The tool failed, or ran longer than the timeout.</exception>
    public string? Run(string tool, params string[] arguments)
    {
        var path = Find(tool);
        if (path is null)
        {
            return null;
        }
        ProcessStartInfo start;
        if (_namespace is null)
        {
            start = new ProcessStartInfo(path, arguments);
        }
        else
        {
            var ip = Find("ip") ?? throw new IOException("ip (iproute2) is not installed: cannot enter the network namespace");
            start = new ProcessStartInfo(ip, ["netns", "exec", _namespace, path, .. arguments]);
        }
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new IOException($"{tool} could not be started");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(_timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new IOException($"{tool} ran longer than {_timeout.TotalSeconds:0} s");
        }
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new IOException($"{tool} exited with {process.ExitCode}: {error.GetAwaiter().GetResult().Trim()}");
        }
        return output.GetAwaiter().GetResult();
    }
}

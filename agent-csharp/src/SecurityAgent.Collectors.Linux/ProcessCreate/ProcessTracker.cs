using System.Globalization;
using SecurityAgent.Collectors.Linux.Proc;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Collectors.Linux.ProcessCreate;

/// <summary>
/// Turns proc connector events into ProcessCreate and ProcessTerminate items, reading /proc (through
/// its root) at exec time. Keeps, per live process, its parent and executable so that a process that
/// is gone before /proc can be read still gets an event, and an exit names its executable.
/// </summary>
/// <remarks>Not thread-safe: one reader thread feeds it. Its table is bounded by <see cref="Capacity"/>.</remarks>
internal sealed class ProcessTracker
{
    /// <summary>The most processes remembered (the default pid_max).</summary>
    public const int Capacity = 32768;

    /// <summary>The Executable of a process whose image could not be read.</summary>
    public const string UnknownExecutable = "[unknown]";

    private readonly ProcFileSystem _proc;
    private readonly UserDirectory _users;
    private readonly Dictionary<uint, Known> _known = [];

    /// <summary>Creates a tracker over a proc tree and a passwd file.</summary>
    public ProcessTracker(ProcFileSystem proc, UserDirectory users)
    {
        _proc = proc;
        _users = users;
    }

    /// <summary>Execs whose /proc entry was gone before it could be read.</summary>
    public long Incomplete { get; private set; }

    /// <summary>Remembers the processes alive now, so that their exits name their executables.</summary>
    public void Seed()
    {
        foreach (var pid in _proc.ListProcessIds())
        {
            if (_known.Count >= Capacity)
            {
                break;
            }
            var exe = _proc.ReadExecutable(pid);
            _known[pid] = new Known(0, exe);
        }
    }

    /// <summary>Applies one event; returns the item it yields, or null.</summary>
    public PayloadItem? Apply(in ProcEvent e)
    {
        if (!e.IsProcess)
        {
            return null;
        }
        switch (e.Kind)
        {
            case ProcEventKind.Fork:
                if (_known.Count < Capacity)
                {
                    _known[e.ThreadGroupId] = new Known(e.ParentThreadGroupId, _known.GetValueOrDefault(e.ParentThreadGroupId)?.Executable);
                }
                return null;
            case ProcEventKind.Exec:
                return CreateFromProc(e.ThreadGroupId);
            case ProcEventKind.Exit:
                return Terminate(e.ThreadGroupId, e.ExitCode);
            default:
                return null;
        }
    }

    /// <summary>The ProcessTerminate of <paramref name="pid"/>, which is forgotten.</summary>
    public ProcessTerminatePayload Terminate(uint pid, uint waitStatus)
    {
        var executable = _known.Remove(pid, out var known) ? known.Executable : null;
        return new ProcessTerminatePayload
        {
            Executable = executable ?? UnknownExecutable,
            ProcessId = pid,
            ExitStatus = ExitStatusOf(waitStatus),
        };
    }

    /// <summary>The ProcessCreate of an exec that the audit records describe; /proc is not read.</summary>
    public ProcessCreatePayload CreateFromAudit(AuditExec exec)
    {
        var executable = exec.Executable ?? _proc.ReadExecutable(exec.ProcessId);
        if (executable is null)
        {
            Incomplete++;
        }
        Remember(exec.ProcessId, exec.ParentProcessId, executable);
        return new ProcessCreatePayload
        {
            Executable = executable ?? UnknownExecutable,
            ProcessId = exec.ProcessId,
            ParentProcessId = exec.ParentProcessId,
            UserId = exec.UserId.ToString(CultureInfo.InvariantCulture),
            CommandLine = exec.CommandLine.Length > 0 ? exec.CommandLine : executable ?? string.Empty,
            UserName = _users.NameOf(exec.UserId),
            ExtraDetails = executable is null
                ? new Dictionary<string, string>(StringComparer.Ordinal) { ["Incomplete"] = "no executable in the audit record" }
                : null,
        };
    }

    /// <summary>The shell's convention: the exit code, or 128 plus the signal that ended the process.</summary>
    public static long ExitStatusOf(uint waitStatus)
    {
        var signal = waitStatus & 0x7f;
        return signal == 0 ? (waitStatus >> 8) & 0xff : 128 + signal;
    }

    /// <summary>
    /// The ProcessCreate of an exec read from /proc now; a process already gone is sent with
    /// Executable [unknown] and ExtraDetails.Incomplete, and counted in <see cref="Incomplete"/>.
    /// </summary>
    /// <param name="pid">The process id.</param>
    /// <param name="gone">Whether the process is known to have exited: /proc is not read (the pid may be another process's by now).</param>
    public ProcessCreatePayload CreateFromProc(uint pid, bool gone = false)
    {
        var info = gone ? null : _proc.Read(pid);
        var remembered = _known.GetValueOrDefault(pid);
        if (info is null || info.Executable is null)
        {
            Incomplete++;
            var parent = info?.ParentProcessId ?? remembered?.ParentProcessId ?? 0;
            var name = info?.Command;
            Remember(pid, parent, null);
            return new ProcessCreatePayload
            {
                Executable = UnknownExecutable,
                ProcessId = pid,
                ParentProcessId = parent,
                UserId = info?.UserId.ToString(CultureInfo.InvariantCulture) ?? "0",
                CommandLine = info?.CommandLine ?? string.Empty,
                ExtraDetails = new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["Incomplete"] = string.IsNullOrEmpty(name) ? "exited before /proc was read" : $"exited before /proc was read ({name})",
                },
            };
        }
        Remember(pid, info.ParentProcessId, info.Executable);
        return new ProcessCreatePayload
        {
            Executable = info.Executable,
            ProcessId = pid,
            ParentProcessId = info.ParentProcessId,
            UserId = info.UserId.ToString(CultureInfo.InvariantCulture),
            CommandLine = info.CommandLine.Length > 0 ? info.CommandLine : info.Executable,
            UserName = _users.NameOf(info.UserId),
        };
    }

    private void Remember(uint pid, uint parent, string? executable)
    {
        if (_known.Count < Capacity || _known.ContainsKey(pid))
        {
            _known[pid] = new Known(parent, executable);
        }
    }

    private sealed record Known(uint ParentProcessId, string? Executable);
}

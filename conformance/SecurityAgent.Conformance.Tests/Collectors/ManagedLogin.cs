using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using SecurityAgent.Collectors.Linux.Login;
using SecurityAgent.Core.Events;

namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// The C# agent's wtmp/btmp path, as LoginCollector runs it at every poll: its UtmpPoller over
/// the two files under a root (ProcFileSystem for the executables), made by the collector's own
/// CreatePoller with the files read from their starts, as the C collector's source "recorded"
/// reads them. The poller is internal to SecurityAgent.Collectors.Linux, so it is reached by
/// reflection; its code runs unchanged.
/// </summary>
internal sealed class ManagedLogin
{
    private readonly LoginCollector _collector;
    private readonly object _poller;
    private readonly MethodInfo _poll;

    public ManagedLogin(string root)
    {
        _collector = new LoginCollector(new LoginOptions { Root = root, Source = LoginSource.Utmp });
        var create = typeof(LoginCollector).GetMethod("CreatePoller", BindingFlags.Instance | BindingFlags.NonPublic)!;
        _poller = create.Invoke(_collector, [true])!;
        _poll = _poller.GetType().GetMethod("Poll", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
    }

    /// <summary>Records the collector skipped as malformed so far.</summary>
    public long Malformed => _collector.Malformed;

    /// <summary>One poll: the Login events of the records appended since the last, in order.</summary>
    public List<SecurityEvent> Poll()
    {
        var events = new List<SecurityEvent>();
        foreach (ITuple entry in (IList)_poll.Invoke(_poller, null)!)
        {
            events.Add(SecurityEvent.Triggered((DateTimeOffset)entry[1]!, (LoginPayload)entry[0]!));
        }
        return events;
    }
}

using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using SecurityAgent.Collectors.Linux.Login;
using SecurityAgent.Core.Events;
using static SecurityAgent.Conformance.Tests.Collectors.CollectorInternals;

namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// The C# agent's two Login paths. wtmp/btmp, as LoginCollector runs it at every poll: its
/// UtmpPoller over the two files under a root (ProcFileSystem for the executables), made by the
/// collector's own CreatePoller with the files read from their starts, as the C collector's
/// source "recorded" reads them. Audit, as the collector's hub subscription runs it on each
/// record: AuditLoginParser.Parse, with the records read from log lines by
/// AuditRecordParser.TryParseLogLine (lines it refuses are skipped, as the C feed skips them).
/// Those types are internal to SecurityAgent.Collectors.Linux, so they are reached by
/// reflection; their code runs unchanged.
/// </summary>
internal sealed class ManagedLogin
{
    private static readonly MethodInfo TryParseLogLine = StaticMethod("Audit.AuditRecordParser", "TryParseLogLine");
    private static readonly MethodInfo ParseLogin = StaticMethod("Login.AuditLoginParser", "Parse");
    private readonly LoginCollector _collector;
    private readonly object _poller;
    private readonly MethodInfo _poll;
    private long _auditMalformed;

    public ManagedLogin(string root)
    {
        _collector = new LoginCollector(new LoginOptions { Root = root, Source = LoginSource.Utmp });
        var create = typeof(LoginCollector).GetMethod("CreatePoller", BindingFlags.Instance | BindingFlags.NonPublic)!;
        _poller = create.Invoke(_collector, [true])!;
        _poll = _poller.GetType().GetMethod("Poll", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
    }

    /// <summary>Records skipped as malformed so far: accounting records and login audit records.</summary>
    public long Malformed => _collector.Malformed + _auditMalformed;

    /// <summary>The Login events of the audit log lines of <paramref name="text"/>, in order.</summary>
    public List<SecurityEvent> Feed(string text)
    {
        var events = new List<SecurityEvent>();
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            object?[] parse = [line, null];
            if (!(bool)TryParseLogLine.Invoke(null, parse)!)
            {
                continue;
            }
            var record = parse[1]!;
            object?[] login = [record, null];
            if (ParseLogin.Invoke(null, login) is LoginPayload item)
            {
                var time = (DateTimeOffset)record.GetType().GetProperty("Timestamp")!.GetValue(record)!;
                events.Add(SecurityEvent.Triggered(time, item));
            }
            else if ((bool)login[1]!)
            {
                _auditMalformed++;
            }
        }
        return events;
    }

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

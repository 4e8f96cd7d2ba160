using System.Collections;
using System.Reflection;
using System.Reflection.Emit;
using SecurityAgent.Collectors.Linux.ConnectionCreate;
using SecurityAgent.Core.Events;
using static SecurityAgent.Conformance.Tests.Collectors.CollectorInternals;

namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// The C# agent's ConnectionCreate parsing, as ConnectionCreateCollector runs it: audit records
/// (AuditRecordParser.TryParseLogLine, the log-line form of what the hub receives) grouped by
/// AuditEventAssembler and read by AuditConnectionParser; and inet_diag dump replies read by
/// InetDiagParser and diffed by SockDiagPoller over a ProcFileSystem at a root. Those types are
/// internal to SecurityAgent.Collectors.Linux, so they are reached by reflection (the inet_diag
/// parser through a small dynamic method, as it takes a span); their code runs unchanged.
/// </summary>
internal sealed class ManagedConnectionCreate
{
    private static readonly Type RecordType = Type("Audit.AuditRecord");
    private static readonly Type SocketListType = typeof(List<>).MakeGenericType(Type("ConnectionCreate.InetDiagSocket"));
    private static readonly PropertyInfo Timestamp = RecordType.GetProperty("Timestamp")!;
    private static readonly ParseFunction ParseInetDiag = CreateParseInetDiag();
    private readonly object _parser;
    private readonly object _poller;

    public ManagedConnectionCreate(string root, bool includeLoopback)
    {
        _parser = Create("ConnectionCreate.AuditConnectionParser", root, includeLoopback);
        _poller = Create("ConnectionCreate.SockDiagPoller", Create("Proc.ProcFileSystem", root), includeLoopback);
    }

    private delegate bool ParseFunction(ReadOnlySpan<byte> datagram, object sockets, ref long malformed);

    /// <summary>Lines and dump messages counted as malformed so far.</summary>
    public long Malformed { get; private set; }

    /// <summary>
    /// One recorded audit stream (lines as a StreamReader cuts them, open events completed at its
    /// end): the items with their event times, in order.
    /// </summary>
    public List<(DateTimeOffset Time, ConnectionCreatePayload Item)> FeedAuditLog(byte[] log)
    {
        var events = AssembleAuditLog(log, out var unread);
        Malformed += unread;
        var parse = _parser.GetType().GetMethod("Parse")!;
        var items = new List<(DateTimeOffset, ConnectionCreatePayload)>();
        foreach (IList e in events)
        {
            if (parse.Invoke(_parser, [e]) is ConnectionCreatePayload item)
            {
                items.Add(((DateTimeOffset)Timestamp.GetValue(e[0])!, item));
            }
        }
        return items;
    }

    /// <summary>The reply datagrams of one inet_diag dump: the new connections since the last (none the first time).</summary>
    public List<ConnectionCreatePayload> FeedInetDiag(byte[] dump)
    {
        var sockets = Activator.CreateInstance(SocketListType)!;
        long malformed = 0;
        _ = ParseInetDiag(dump, sockets, ref malformed);
        Malformed += malformed;
        return (List<ConnectionCreatePayload>)_poller.GetType().GetMethod("Diff")!.Invoke(_poller, [sockets])!;
    }

    private static ParseFunction CreateParseInetDiag()
    {
        var parse = StaticMethod("ConnectionCreate.InetDiagParser", "Parse");
        var method = new DynamicMethod("InetDiagParse", typeof(bool),
            [typeof(ReadOnlySpan<byte>), typeof(object), typeof(long).MakeByRefType()], typeof(ManagedConnectionCreate).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Castclass, SocketListType);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, parse);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<ParseFunction>();
    }
}

using System.Collections;
using System.Reflection;
using System.Reflection.Emit;
using SecurityAgent.Collectors.Linux.ProcessCreate;
using SecurityAgent.Core.Events;
using static SecurityAgent.Conformance.Tests.Collectors.CollectorInternals;

namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// The C# agent's proc connector path, as ProcessCreateCollector runs it on every datagram:
/// ProcConnectorParser.Parse, then ProcessTracker.Apply over a ProcFileSystem and a UserDirectory
/// at a root. Those types are internal to SecurityAgent.Collectors.Linux, so they are reached by
/// reflection (the parser through a small dynamic method, as it takes a span); their code runs
/// unchanged.
/// </summary>
internal sealed class ManagedProcConnector
{
    private static readonly Type EventType = Type("ProcessCreate.ProcEvent");
    private static readonly Type ListType = typeof(List<>).MakeGenericType(EventType);
    /// <summary>ProcConnectorParser.Parse: one datagram into a List&lt;ProcEvent&gt; (also the exec join's replay).</summary>
    internal static readonly ParseFunction Parse = CreateParse();
    private readonly object _tracker;
    private readonly MethodInfo _apply;

    public ManagedProcConnector(string root)
    {
        var proc = Create("Proc.ProcFileSystem", root);
        var users = Create("Proc.UserDirectory", root);
        _tracker = Create("ProcessCreate.ProcessTracker", proc, users);
        _apply = _tracker.GetType().GetMethod("Apply", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!;
        _tracker.GetType().GetMethod("Seed", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)!.Invoke(_tracker, null);
    }

    internal delegate int ParseFunction(ReadOnlySpan<byte> datagram, object events, ref long malformed);

    /// <summary>Messages the parser counted as malformed so far.</summary>
    public long Malformed { get; private set; }

    /// <summary>Parses the datagrams and returns the items the tracker makes, in order.</summary>
    public List<PayloadItem> Feed(ReadOnlySpan<byte> datagrams)
    {
        var events = (IList)Activator.CreateInstance(ListType)!;
        long malformed = 0;
        _ = Parse(datagrams, events, ref malformed);
        Malformed += malformed;
        var items = new List<PayloadItem>();
        foreach (var e in events)
        {
            if (_apply.Invoke(_tracker, [e]) is PayloadItem item)
            {
                items.Add(item);
            }
        }
        return items;
    }

    private static ParseFunction CreateParse()
    {
        var parse = StaticMethod("ProcessCreate.ProcConnectorParser", "Parse");
        var method = new DynamicMethod("ProcConnectorParse", typeof(int),
            [typeof(ReadOnlySpan<byte>), typeof(object), typeof(long).MakeByRefType()], typeof(ManagedProcConnector).Module, skipVisibility: true);
        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Castclass, ListType);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Call, parse);
        il.Emit(OpCodes.Ret);
        return method.CreateDelegate<ParseFunction>();
    }
}

using System.Collections;
using System.Reflection;
using SecurityAgent.Collectors.Linux.ProcessCreate;

namespace SecurityAgent.Conformance.Tests.Collectors;

/// <summary>
/// The Linux collectors' internal types, reached by reflection for the Managed* replays (their
/// code runs unchanged; only how the replay reaches it lives here).
/// </summary>
internal static class CollectorInternals
{
    private const string Namespace = "SecurityAgent.Collectors.Linux.";
    private static readonly Assembly Collectors = typeof(ProcessCreateCollector).Assembly;

    /// <summary>The type <paramref name="name"/> below SecurityAgent.Collectors.Linux ("Audit.AuditRecord").</summary>
    public static Type Type(string name) => Collectors.GetType(Namespace + name, throwOnError: true)!;

    /// <summary>An instance of <paramref name="type"/> through its (possibly internal) constructor.</summary>
    public static object Create(string type, params object[] arguments) =>
        Activator.CreateInstance(Type(type), BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, null, arguments, null)!;

    /// <summary>The static method <paramref name="method"/> of <paramref name="type"/>, public or not.</summary>
    public static MethodInfo StaticMethod(string type, string method) =>
        Type(type).GetMethod(method, BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)!;

    /// <summary>
    /// A recorded audit log (lines as a StreamReader cuts them) through AuditRecordParser.TryParseLogLine
    /// and AuditEventAssembler as one stream, open events completed at its end: the events (each a
    /// list of AuditRecord), and in <paramref name="malformed"/> the lines that were not records.
    /// </summary>
    public static IList AssembleAuditLog(byte[] log, out long malformed)
    {
        var recordType = Type("Audit.AuditRecord");
        var tryParseLogLine = StaticMethod("Audit.AuditRecordParser", "TryParseLogLine");
        var assembler = Create("Audit.AuditEventAssembler");
        var add = assembler.GetType().GetMethod("Add")!;
        var events = (IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(typeof(IReadOnlyList<>).MakeGenericType(recordType)))!;
        malformed = 0;
        using var reader = new StreamReader(new MemoryStream(log));
        while (reader.ReadLine() is { } line)
        {
            object?[] arguments = [line, null];
            if ((bool)tryParseLogLine.Invoke(null, arguments)!)
            {
                add.Invoke(assembler, [arguments[1], events]);
            }
            else
            {
                malformed++;
            }
        }
        assembler.GetType().GetMethod("Flush")!.Invoke(assembler, [events]);
        return events;
    }
}

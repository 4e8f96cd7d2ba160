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
}

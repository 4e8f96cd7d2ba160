using System.Runtime.InteropServices;

namespace SecurityAgent.Native;

/// <summary>The source-generated bindings of the collector part of include/secagent.h.</summary>
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Library, EntryPoint = "sa_collector_name_at")]
    internal static partial SaStatus CollectorNameAt(nuint index, out byte* name);

    [LibraryImport(Library, EntryPoint = "sa_collector_create")]
    internal static partial SaStatus CollectorCreate(AgentHandle agent, byte* name, nuint nameLength, byte* root,
        nuint rootLength, out CollectorHandle collector);

    [LibraryImport(Library, EntryPoint = "sa_collector_destroy")]
    internal static partial void CollectorDestroy(nint collector);

    [LibraryImport(Library, EntryPoint = "sa_collector_set_option")]
    internal static partial SaStatus CollectorSetOption(CollectorHandle collector, byte* key, nuint keyLength,
        byte* value, nuint valueLength);

    [LibraryImport(Library, EntryPoint = "sa_collector_start")]
    internal static partial SaStatus CollectorStart(CollectorHandle collector);

    [LibraryImport(Library, EntryPoint = "sa_collector_collect")]
    internal static partial SaStatus CollectorCollect(CollectorHandle collector);

    [LibraryImport(Library, EntryPoint = "sa_collector_feed")]
    internal static partial SaStatus CollectorFeed(CollectorHandle collector, byte* bytes, nuint length);

    [LibraryImport(Library, EntryPoint = "sa_collector_is_periodic")]
    internal static partial int CollectorIsPeriodic(CollectorHandle collector);

    [LibraryImport(Library, EntryPoint = "sa_collector_get_counter")]
    internal static partial SaStatus CollectorGetCounter(CollectorHandle collector, SaCollectorCounter counter, out ulong value);

    [LibraryImport(Library, EntryPoint = "sa_collector_last_error")]
    internal static partial byte* CollectorLastError(CollectorHandle collector);
}

using System.Runtime.InteropServices;

namespace SecurityAgent.Native;

/// <summary>The source-generated bindings of include/secagent.h. Lengths are nuint (size_t).</summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "secagent";

    [LibraryImport(Library, EntryPoint = "sa_version")]
    internal static partial byte* Version();

    [LibraryImport(Library, EntryPoint = "sa_strerror")]
    internal static partial byte* StrError(SaStatus status);

    [LibraryImport(Library, EntryPoint = "sa_options_create")]
    internal static partial SaStatus OptionsCreate(out OptionsHandle options);

    [LibraryImport(Library, EntryPoint = "sa_options_destroy")]
    internal static partial void OptionsDestroy(nint options);

    [LibraryImport(Library, EntryPoint = "sa_options_set_agent_id")]
    internal static partial SaStatus OptionsSetAgentId(OptionsHandle options, byte* id, nuint length);

    [LibraryImport(Library, EntryPoint = "sa_options_set_agent_version")]
    internal static partial SaStatus OptionsSetAgentVersion(OptionsHandle options, byte* version, nuint length);

    [LibraryImport(Library, EntryPoint = "sa_options_set_deterministic")]
    internal static partial SaStatus OptionsSetDeterministic(OptionsHandle options, int enabled);

    [LibraryImport(Library, EntryPoint = "sa_options_set_utc_offset")]
    internal static partial SaStatus OptionsSetUtcOffset(OptionsHandle options, int minutes);

    [LibraryImport(Library, EntryPoint = "sa_options_set_memory_limit")]
    internal static partial SaStatus OptionsSetMemoryLimit(OptionsHandle options, nuint bytes);

    [LibraryImport(Library, EntryPoint = "sa_agent_create")]
    internal static partial SaStatus AgentCreate(OptionsHandle options, long startMs, out AgentHandle agent);

    [LibraryImport(Library, EntryPoint = "sa_agent_destroy")]
    internal static partial void AgentDestroy(nint agent);

    [LibraryImport(Library, EntryPoint = "sa_agent_last_error")]
    internal static partial byte* AgentLastError(AgentHandle agent);

    [LibraryImport(Library, EntryPoint = "sa_agent_apply_twin")]
    internal static partial SaStatus AgentApplyTwin(AgentHandle agent, byte* json, nuint length);

    [LibraryImport(Library, EntryPoint = "sa_agent_get_reported")]
    internal static partial SaStatus AgentGetReported(AgentHandle agent, out byte* json, out nuint length);

    [LibraryImport(Library, EntryPoint = "sa_agent_submit")]
    internal static partial SaStatus AgentSubmit(AgentHandle agent, EventHandle evt);

    [LibraryImport(Library, EntryPoint = "sa_agent_submit_log")]
    internal static partial SaStatus AgentSubmitLog(AgentHandle agent, int severity, byte* message, nuint messageLength,
        uint processId, uint threadId, byte* correlationId, nuint correlationIdLength);

    [LibraryImport(Library, EntryPoint = "sa_agent_tick")]
    internal static partial SaStatus AgentTick(AgentHandle agent, long nowMs, out nuint messagesReady, out int snapshotDue);

    [LibraryImport(Library, EntryPoint = "sa_agent_flush_all")]
    internal static partial SaStatus AgentFlushAll(AgentHandle agent, out nuint messagesReady);

    [LibraryImport(Library, EntryPoint = "sa_agent_take_message")]
    internal static partial SaStatus AgentTakeMessage(AgentHandle agent, out byte* body, out nuint length, out SaQueueId priority);

    [LibraryImport(Library, EntryPoint = "sa_agent_record_send_failure")]
    internal static partial SaStatus AgentRecordSendFailure(AgentHandle agent);

    [LibraryImport(Library, EntryPoint = "sa_agent_set_connected")]
    internal static partial SaStatus AgentSetConnected(AgentHandle agent, int connected);

    [LibraryImport(Library, EntryPoint = "sa_agent_get_counter")]
    internal static partial SaStatus AgentGetCounter(AgentHandle agent, SaCounter counter, SaQueueId queue, out ulong value);

    [LibraryImport(Library, EntryPoint = "sa_event_create")]
    internal static partial SaStatus EventCreate(AgentHandle agent, byte* name, nuint nameLength, out EventHandle evt);

    [LibraryImport(Library, EntryPoint = "sa_event_destroy")]
    internal static partial void EventDestroy(nint evt);

    [LibraryImport(Library, EntryPoint = "sa_event_reset")]
    internal static partial SaStatus EventReset(EventHandle evt, byte* name, nuint nameLength);

    [LibraryImport(Library, EntryPoint = "sa_event_set_timestamp")]
    internal static partial SaStatus EventSetTimestamp(EventHandle evt, long timeMs);

    [LibraryImport(Library, EntryPoint = "sa_event_add_item")]
    internal static partial SaStatus EventAddItem(EventHandle evt);

    [LibraryImport(Library, EntryPoint = "sa_event_set_string")]
    internal static partial SaStatus EventSetString(EventHandle evt, byte* field, nuint fieldLength, byte* value, nuint valueLength);

    [LibraryImport(Library, EntryPoint = "sa_event_set_integer")]
    internal static partial SaStatus EventSetInteger(EventHandle evt, byte* field, nuint fieldLength, long value);

    [LibraryImport(Library, EntryPoint = "sa_event_set_boolean")]
    internal static partial SaStatus EventSetBoolean(EventHandle evt, byte* field, nuint fieldLength, int value);

    [LibraryImport(Library, EntryPoint = "sa_event_add_detail")]
    internal static partial SaStatus EventAddDetail(EventHandle evt, byte* key, nuint keyLength, byte* value, nuint valueLength);

    [LibraryImport(Library, EntryPoint = "sa_event_to_json")]
    internal static partial SaStatus EventToJson(EventHandle evt, out byte* json, out nuint length);
}

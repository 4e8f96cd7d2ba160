namespace SecurityAgent.Native;

/// <summary>
/// One libsecagent agent core. Not thread-safe: use an instance from one thread at a time.
/// Misuse and failures throw <see cref="SecurityAgentNativeException"/> with the native message;
/// a disposed agent throws <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed unsafe class NativeAgent : IDisposable
{
    private readonly AgentHandle _handle;

    private NativeAgent(AgentHandle handle) => _handle = handle;

    /// <summary>Gets the library's version.</summary>
    /// <value>For example "0.1.0".</value>
    public static string Version
    {
        get
        {
            NativeLibraryLoader.EnsureRegistered();
            return Utf8Text.FromNulTerminated(NativeMethods.Version());
        }
    }

    /// <summary>Gets the detail of the last failed call on this agent, or "".</summary>
    /// <value>The library's detail text.</value>
    public string LastError => Utf8Text.FromNulTerminated(NativeMethods.AgentLastError(_handle));

    internal AgentHandle Handle => _handle;

    /// <summary>The library's message for a status code.</summary>
    /// <param name="status">A status code.</param>
    /// <returns>The sa_strerror text.</returns>
    public static string StatusMessage(SaStatus status)
    {
        NativeLibraryLoader.EnsureRegistered();
        return Utf8Text.FromNulTerminated(NativeMethods.StrError(status));
    }

    /// <summary>Creates an agent core with the default twin configuration.</summary>
    /// <param name="options">The options; checked by the library.</param>
    /// <param name="startMs">The start time, milliseconds since the Unix epoch.</param>
    /// <returns>The agent; dispose it.</returns>
    /// <exception cref="SecurityAgentNativeException">An option or the start time is invalid, or memory ran out.</exception>
    public static NativeAgent Create(NativeAgentOptions options, long startMs)
    {
        ArgumentNullException.ThrowIfNull(options);
        NativeLibraryLoader.EnsureRegistered();
        Check(NativeMethods.OptionsCreate(out var native), null, "sa_options_create");
        using (native)
        {
            var id = Utf8Text.Encode(options.AgentId.ToString("D"));
            fixed (byte* p = id)
                Check(NativeMethods.OptionsSetAgentId(native, p, (nuint)id.Length), null, "agent id");
            if (options.AgentVersion is not null)
            {
                var version = Utf8Text.Encode(options.AgentVersion);
                fixed (byte* p = version)
                    Check(NativeMethods.OptionsSetAgentVersion(native, p, (nuint)version.Length), null, "agent version");
            }
            Check(NativeMethods.OptionsSetDeterministic(native, options.Deterministic ? 1 : 0), null, "deterministic");
            Check(NativeMethods.OptionsSetUtcOffset(native, options.UtcOffsetMinutes), null, "UTC offset");
            Check(NativeMethods.OptionsSetMemoryLimit(native, checked((nuint)options.MemoryLimitBytes)), null, "memory limit");
            Check(NativeMethods.AgentCreate(native, startMs, out var agent), null, "sa_agent_create");
            return new NativeAgent(agent);
        }
    }

    /// <summary>Applies the desired twin configuration object as a whole.</summary>
    /// <param name="json">The UTF-8 JSON of the configuration object.</param>
    /// <returns><see cref="SaStatus.Ok"/> when accepted; <see cref="SaStatus.BadJson"/> or
    /// <see cref="SaStatus.BadConfiguration"/> when rejected (a ConfigurationError event is queued and
    /// <see cref="LastError"/> says why).</returns>
    /// <exception cref="SecurityAgentNativeException">Any other failure, e.g. <see cref="SaStatus.TooLarge"/>.</exception>
    public SaStatus ApplyTwin(ReadOnlySpan<byte> json)
    {
        SaStatus status;
        fixed (byte* p = json)
            status = NativeMethods.AgentApplyTwin(_handle, p, (nuint)json.Length);
        if (status is SaStatus.Ok or SaStatus.BadJson or SaStatus.BadConfiguration)
            return status;
        throw Failure(status, _handle);
    }

    /// <summary>The reported properties of the configuration in force.</summary>
    /// <returns>Canonical UTF-8 JSON.</returns>
    public byte[] GetReportedProperties()
    {
        Check(NativeMethods.AgentGetReported(_handle, out var json, out var length), _handle, "sa_agent_get_reported");
        return Utf8Text.Copy(json, length);
    }

    /// <summary>Creates an empty event of a known name on this agent.</summary>
    /// <param name="name">ProcessCreate, Login, ListeningPorts, ...</param>
    /// <returns>The event; dispose it.</returns>
    public NativeEvent CreateEvent(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Utf8Text.Encode(name);
        var added = false;
        _handle.DangerousAddRef(ref added);
        try
        {
            EventHandle evt;
            fixed (byte* p = bytes)
                Check(NativeMethods.EventCreate(_handle, p, (nuint)bytes.Length, out evt), _handle, "sa_event_create");
            evt.Owner = _handle;
            added = false;
            return new NativeEvent(evt, _handle);
        }
        finally
        {
            if (added)
                _handle.DangerousRelease();
        }
    }

    /// <summary>Submits a copy of a Security event to the router.</summary>
    /// <param name="evt">An event created on this agent.</param>
    public void Submit(NativeEvent evt)
    {
        ArgumentNullException.ThrowIfNull(evt);
        Check(NativeMethods.AgentSubmit(_handle, evt.Handle), _handle, "sa_agent_submit");
    }

    /// <summary>Submits an agent log record; it becomes a Diagnostic event at or above the minimum severity.</summary>
    /// <param name="severity">0 Debug, 1 Information, 2 Warning, 3 Error, 4 Fatal.</param>
    /// <param name="message">The message.</param>
    /// <param name="processId">The process id.</param>
    /// <param name="threadId">The thread id.</param>
    /// <param name="correlationId">An optional correlation id.</param>
    public void SubmitLog(int severity, string message, uint processId, uint threadId, Guid? correlationId = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = Utf8Text.Encode(message);
        var correlation = correlationId is null ? [] : Utf8Text.Encode(correlationId.Value.ToString("D"));
        fixed (byte* m = text)
        fixed (byte* c = correlation)
        {
            Check(NativeMethods.AgentSubmitLog(_handle, severity, m, (nuint)text.Length, processId, threadId,
                correlation.Length == 0 ? null : c, (nuint)correlation.Length), _handle, "sa_agent_submit_log");
        }
    }

    /// <summary>Advances the agent's clock and runs what is due.</summary>
    /// <param name="nowMs">Now, milliseconds since the Unix epoch.</param>
    /// <returns>Messages ready and whether a snapshot is due.</returns>
    public NativeTickResult Tick(long nowMs)
    {
        Check(NativeMethods.AgentTick(_handle, nowMs, out var ready, out var snapshot), _handle, "sa_agent_tick");
        return new NativeTickResult(checked((int)ready), snapshot != 0);
    }

    /// <summary>
    /// Builds everything the agent holds, whatever the schedule (at shutdown): flushes every
    /// aggregator, then drains the High path, then the Low path (docs/core-rules.md section 6).
    /// </summary>
    /// <returns>The number of messages waiting to be taken.</returns>
    public int FlushAll()
    {
        Check(NativeMethods.AgentFlushAll(_handle, out var ready), _handle, "sa_agent_flush_all");
        return checked((int)ready);
    }

    /// <summary>Takes the oldest built message, if any.</summary>
    /// <param name="message">The message, or null.</param>
    /// <returns>Whether a message was taken.</returns>
    public bool TryTakeMessage(out NativeMessage? message)
    {
        var status = NativeMethods.AgentTakeMessage(_handle, out var body, out var length, out var priority);
        if (status == SaStatus.Empty)
        {
            message = null;
            return false;
        }
        Check(status, _handle, "sa_agent_take_message");
        message = new NativeMessage(Utf8Text.Copy(body, length), priority);
        return true;
    }

    /// <summary>Counts a failed delivery in the next MessageStatistics.</summary>
    public void RecordSendFailure() => Check(NativeMethods.AgentRecordSendFailure(_handle), _handle, "sa_agent_record_send_failure");

    /// <summary>Sets the connection state the next Heartbeat reports.</summary>
    /// <param name="connected">Whether the hub is connected.</param>
    public void SetConnected(bool connected) =>
        Check(NativeMethods.AgentSetConnected(_handle, connected ? 1 : 0), _handle, "sa_agent_set_connected");

    /// <summary>Reads a counter.</summary>
    /// <param name="counter">The counter.</param>
    /// <param name="queue">The queue, or <see cref="SaQueueId.All"/>.</param>
    /// <returns>The value.</returns>
    public ulong GetCounter(SaCounter counter, SaQueueId queue = SaQueueId.All)
    {
        Check(NativeMethods.AgentGetCounter(_handle, counter, queue, out var value), _handle, "sa_agent_get_counter");
        return value;
    }

    /// <summary>Frees the native agent once no event created on it is alive.</summary>
    public void Dispose() => _handle.Dispose();

    internal static void Check(SaStatus status, AgentHandle? agent, string call)
    {
        if (status != SaStatus.Ok)
            throw Failure(status, agent, call);
    }

    internal static SecurityAgentNativeException Failure(SaStatus status, AgentHandle? agent, string? call = null)
    {
        var detail = agent is null || agent.IsClosed ? string.Empty : Utf8Text.FromNulTerminated(NativeMethods.AgentLastError(agent));
        var text = StatusMessage(status);
        var message = detail.Length == 0 ? $"{call}: {text}" : $"{call}: {text}: {detail}";
        return new SecurityAgentNativeException(status, call is null ? message[2..] : message);
    }
}

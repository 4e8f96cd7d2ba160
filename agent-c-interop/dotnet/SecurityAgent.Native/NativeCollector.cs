namespace SecurityAgent.Native;

/// <summary>
/// One of libsecagent's Linux collectors (those <see cref="Names"/> lists) reading the OS under
/// a root path ("/" live, a fixture tree in tests) and submitting what it makes to its
/// <see cref="NativeAgent"/>, timestamped at the agent's clock.
/// Used from the thread that uses its agent; the agent stays alive until the collector is disposed.
/// A source that cannot be read is an expected outcome (<see cref="SaStatus.Io"/>), returned, not thrown.
/// </summary>
public sealed unsafe class NativeCollector : IDisposable
{
    private readonly CollectorHandle _handle;

    private NativeCollector(CollectorHandle handle) => _handle = handle;

    /// <summary>Gets the names of the collectors in the library's registry, in order.</summary>
    /// <value>For example ["SystemInformation", "LocalUsers", "ListeningPorts", "ProcessCreate", "OSBaseline", "ConnectionCreate", "Login", "FirewallConfiguration"].</value>
    public static IReadOnlyList<string> Names
    {
        get
        {
            NativeLibraryLoader.EnsureRegistered();
            var names = new List<string>();
            for (nuint i = 0; NativeMethods.CollectorNameAt(i, out var name) == SaStatus.Ok; i++)
                names.Add(Utf8Text.FromNulTerminated(name));
            return names;
        }
    }

    /// <summary>Gets the detail of the collector's last failure or notice, or "".</summary>
    /// <value>The library's detail text.</value>
    public string LastError => Utf8Text.FromNulTerminated(NativeMethods.CollectorLastError(_handle));

    /// <summary>Gets a value indicating whether the collector takes snapshots (else it reads a stream).</summary>
    /// <value>True for Periodic collectors.</value>
    public bool IsPeriodic => NativeMethods.CollectorIsPeriodic(_handle) == 1;

    /// <summary>Creates a collector of the registry on an agent.</summary>
    /// <param name="agent">The agent it submits to.</param>
    /// <param name="name">A name of <see cref="Names"/>.</param>
    /// <param name="root">The absolute root path of the OS it reads (at most 255 bytes).</param>
    /// <returns>The collector; dispose it.</returns>
    /// <exception cref="SecurityAgentNativeException">Unknown name, bad root, or out of memory.</exception>
    public static NativeCollector Create(NativeAgent agent, string name, string root)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(root);
        var nameBytes = Utf8Text.Encode(name);
        var rootBytes = Utf8Text.Encode(root);
        var handle = agent.Handle;
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            CollectorHandle collector;
            fixed (byte* n = nameBytes)
            fixed (byte* r = rootBytes)
                NativeAgent.Check(NativeMethods.CollectorCreate(handle, n, (nuint)nameBytes.Length, r, (nuint)rootBytes.Length,
                    out collector), handle, "sa_collector_create");
            collector.Owner = handle;
            added = false;
            return new NativeCollector(collector);
        }
        finally
        {
            if (added)
                handle.DangerousRelease();
        }
    }

    /// <summary>Sets an option before the collector starts.</summary>
    /// <param name="key">The option key, such as "source".</param>
    /// <param name="value">Its value as text, such as "recorded".</param>
    /// <exception cref="SecurityAgentNativeException">Unknown key, bad value, or already started.</exception>
    public void SetOption(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var k = Utf8Text.Encode(key);
        var v = Utf8Text.Encode(value);
        fixed (byte* pk = k)
        fixed (byte* pv = v)
            Check(NativeMethods.CollectorSetOption(_handle, pk, (nuint)k.Length, pv, (nuint)v.Length), "sa_collector_set_option");
    }

    /// <summary>Opens the live source (the first <see cref="Collect"/> or <see cref="Feed"/> does it otherwise).</summary>
    /// <returns><see cref="SaStatus.Ok"/>, or <see cref="SaStatus.Io"/> when the source is refused (see <see cref="LastError"/>).</returns>
    public SaStatus Start() => Expected(NativeMethods.CollectorStart(_handle), "sa_collector_start");

    /// <summary>Takes one snapshot (Periodic) or handles what the live source holds now.</summary>
    /// <returns><see cref="SaStatus.Ok"/>, or <see cref="SaStatus.Io"/> when a source could not be read (nothing submitted).</returns>
    public SaStatus Collect() => Expected(NativeMethods.CollectorCollect(_handle), "sa_collector_collect");

    /// <summary>Hands recorded kernel input to the collector, as the live source delivers it.</summary>
    /// <param name="bytes">For ProcessCreate: proc connector datagrams (whole netlink messages).</param>
    /// <returns><see cref="SaStatus.Ok"/>, or <see cref="SaStatus.Io"/>.</returns>
    public SaStatus Feed(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
            return Expected(NativeMethods.CollectorFeed(_handle, p, (nuint)bytes.Length), "sa_collector_feed");
    }

    /// <summary>Reads one counter.</summary>
    /// <param name="counter">The counter.</param>
    /// <returns>Its value.</returns>
    public ulong GetCounter(SaCollectorCounter counter)
    {
        Check(NativeMethods.CollectorGetCounter(_handle, counter, out var value), "sa_collector_get_counter");
        return value;
    }

    /// <summary>Closes the collector's sources and frees it.</summary>
    public void Dispose() => _handle.Dispose();

    private SaStatus Expected(SaStatus status, string call)
    {
        if (status is not (SaStatus.Ok or SaStatus.Io))
            Check(status, call);
        return status;
    }

    private void Check(SaStatus status, string call)
    {
        if (status == SaStatus.Ok)
            return;
        var detail = LastError;
        if (detail.Length == 0 && _handle.Owner is { IsClosed: false } owner)
            detail = Utf8Text.FromNulTerminated(NativeMethods.AgentLastError(owner));
        var text = NativeAgent.StatusMessage(status);
        throw new SecurityAgentNativeException(status, detail.Length == 0 ? $"{call}: {text}" : $"{call}: {text}: {detail}");
    }
}

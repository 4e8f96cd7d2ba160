namespace SecurityAgent.Native;

/// <summary>
/// A native event being built; submit it with <see cref="NativeAgent.Submit"/>, which copies it, so
/// it can be reset and reused. Not thread-safe.
/// </summary>
public sealed unsafe class NativeEvent : IDisposable
{
    private readonly EventHandle _handle;
    private readonly AgentHandle _agent;

    internal NativeEvent(EventHandle handle, AgentHandle agent)
    {
        _handle = handle;
        _agent = agent;
    }

    internal EventHandle Handle => _handle;

    /// <summary>Empties the event for reuse as an event of another name.</summary>
    /// <param name="name">A known event name.</param>
    public void Reset(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var bytes = Utf8Text.Encode(name);
        fixed (byte* p = bytes)
            NativeAgent.Check(NativeMethods.EventReset(_handle, p, (nuint)bytes.Length), _agent, "sa_event_reset");
    }

    /// <summary>Sets the event's time.</summary>
    /// <param name="timeMs">Milliseconds since the Unix epoch.</param>
    public void SetTimestamp(long timeMs) =>
        NativeAgent.Check(NativeMethods.EventSetTimestamp(_handle, timeMs), _agent, "sa_event_set_timestamp");

    /// <summary>Starts a new payload item (Periodic events only).</summary>
    public void AddItem() => NativeAgent.Check(NativeMethods.EventAddItem(_handle), _agent, "sa_event_add_item");

    /// <summary>Sets a string field of the current item.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="value">The value.</param>
    public void SetString(string field, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        SetString(field, Utf8Text.Encode(value));
    }

    /// <summary>Sets a string field from raw bytes, which the library repairs if they are not valid UTF-8.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="value">The bytes.</param>
    public void SetString(string field, ReadOnlySpan<byte> value)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = Utf8Text.Encode(field);
        fixed (byte* f = name)
        fixed (byte* v = value)
        {
            NativeAgent.Check(NativeMethods.EventSetString(_handle, f, (nuint)name.Length, v, (nuint)value.Length), _agent,
                "sa_event_set_string");
        }
    }

    /// <summary>Sets an integer field of the current item.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="value">The value.</param>
    public void SetInteger(string field, long value)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = Utf8Text.Encode(field);
        fixed (byte* f = name)
            NativeAgent.Check(NativeMethods.EventSetInteger(_handle, f, (nuint)name.Length, value), _agent, "sa_event_set_integer");
    }

    /// <summary>Sets a boolean field of the current item.</summary>
    /// <param name="field">The field name.</param>
    /// <param name="value">The value.</param>
    public void SetBoolean(string field, bool value)
    {
        ArgumentNullException.ThrowIfNull(field);
        var name = Utf8Text.Encode(field);
        fixed (byte* f = name)
            NativeAgent.Check(NativeMethods.EventSetBoolean(_handle, f, (nuint)name.Length, value ? 1 : 0), _agent, "sa_event_set_boolean");
    }

    /// <summary>Adds or replaces an ExtraDetails entry of the current item.</summary>
    /// <param name="key">The key, not empty.</param>
    /// <param name="value">The value.</param>
    public void AddDetail(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        AddDetail(Utf8Text.Encode(key), Utf8Text.Encode(value));
    }

    /// <summary>Adds or replaces an ExtraDetails entry from raw bytes, which the library repairs if they are not valid UTF-8.</summary>
    /// <param name="key">The key, not empty.</param>
    /// <param name="value">The value.</param>
    public void AddDetail(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        fixed (byte* kp = key)
        fixed (byte* vp = value)
        {
            NativeAgent.Check(NativeMethods.EventAddDetail(_handle, kp, (nuint)key.Length, vp, (nuint)value.Length), _agent,
                "sa_event_add_detail");
        }
    }

    /// <summary>The canonical JSON of the event as it would be queued now (Id all zeros).</summary>
    /// <returns>UTF-8 JSON.</returns>
    public byte[] ToJson()
    {
        NativeAgent.Check(NativeMethods.EventToJson(_handle, out var json, out var length), _agent, "sa_event_to_json");
        return Utf8Text.Copy(json, length);
    }

    /// <summary>Frees the native event.</summary>
    public void Dispose() => _handle.Dispose();
}

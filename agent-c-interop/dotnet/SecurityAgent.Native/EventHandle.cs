using Microsoft.Win32.SafeHandles;

namespace SecurityAgent.Native;

/// <summary>Owns one native <c>sa_event_t</c>; releasing it calls <c>sa_event_destroy</c>.</summary>
internal sealed class EventHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public EventHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>The agent the event was created on, kept alive (ref-counted) until the event is freed.</summary>
    internal AgentHandle? Owner { get; set; }

    protected override bool ReleaseHandle()
    {
        NativeMethods.EventDestroy(handle);
        Owner?.DangerousRelease();
        return true;
    }
}

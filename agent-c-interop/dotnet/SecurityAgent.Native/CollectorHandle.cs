using Microsoft.Win32.SafeHandles;

namespace SecurityAgent.Native;

/// <summary>Owns one native <c>sa_collector_t</c>; releasing it calls <c>sa_collector_destroy</c>.</summary>
internal sealed class CollectorHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public CollectorHandle()
        : base(ownsHandle: true)
    {
    }

    /// <summary>The agent the collector submits to, kept alive (ref-counted) until the collector is freed.</summary>
    internal AgentHandle? Owner { get; set; }

    protected override bool ReleaseHandle()
    {
        NativeMethods.CollectorDestroy(handle);
        Owner?.DangerousRelease();
        return true;
    }
}

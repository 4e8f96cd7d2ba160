using Microsoft.Win32.SafeHandles;

namespace SecurityAgent.Native;

/// <summary>Owns one native <c>sa_agent_t</c>; releasing it calls <c>sa_agent_destroy</c>.</summary>
internal sealed class AgentHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public AgentHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.AgentDestroy(handle);
        return true;
    }
}

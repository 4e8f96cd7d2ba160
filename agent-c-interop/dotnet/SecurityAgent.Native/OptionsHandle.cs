using Microsoft.Win32.SafeHandles;

namespace SecurityAgent.Native;

/// <summary>Owns one native <c>sa_options_t</c>; releasing it calls <c>sa_options_destroy</c>.</summary>
internal sealed class OptionsHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public OptionsHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        NativeMethods.OptionsDestroy(handle);
        return true;
    }
}

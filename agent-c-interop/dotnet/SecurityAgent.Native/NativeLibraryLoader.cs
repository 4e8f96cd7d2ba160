using System.Reflection;
using System.Runtime.InteropServices;

namespace SecurityAgent.Native;

/// <summary>
/// Resolves "secagent" to runtimes/&lt;rid&gt;/native/libsecagent.so next to this assembly (rid
/// linux-x64 or linux-x86 from the process architecture), falling back to the default search.
/// </summary>
internal static class NativeLibraryLoader
{
    private static int _registered;

    internal static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
    }

    internal static string? RuntimeIdentifier => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 when OperatingSystem.IsLinux() => "linux-x64",
        Architecture.X86 when OperatingSystem.IsLinux() => "linux-x86",
        Architecture.Arm64 when OperatingSystem.IsLinux() => "linux-arm64",
        Architecture.Arm when OperatingSystem.IsLinux() => "linux-arm",
        _ => null,
    };

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (libraryName != NativeMethods.Library)
            return 0;
        var rid = RuntimeIdentifier;
        if (rid is not null)
        {
            var path = Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", "libsecagent.so");
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out var loaded))
                return loaded;
        }
        return NativeLibrary.TryLoad("libsecagent.so", assembly, searchPath, out var fallback) ? fallback : 0;
    }
}

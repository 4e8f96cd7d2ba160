#nullable enable
// Where things are. Every path the build uses starts here.
public static class Paths
{
    public static DirectoryPath Root { get; private set; } = null!;
    public static FilePath Solution => Root.CombineWithFilePath("Monorepo.sln");
    public static DirectoryPath Artifacts => Root.Combine("artifacts");
    public static DirectoryPath TestResults => Artifacts.Combine("test-results");
    public static DirectoryPath NativeSource => Root.Combine("agent-c-interop/native");
    public static DirectoryPath NativeBuild => Artifacts.Combine("native");
    /// <summary>libsecagent laid out per runtime identifier, as the .NET wrapper loads it.</summary>
    public static DirectoryPath NativeRuntimes => Artifacts.Combine("runtimes");

    public static void Initialize(ICakeContext context) =>
        Root = context.MakeAbsolute(context.Directory("."));
}

Paths.Initialize(Context);
var configuration = Argument("configuration", "Release");

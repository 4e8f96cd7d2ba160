// The build of the whole repository. Public targets are listed at the bottom; the steps they
// are made of live in build/*.cake, one concern per file.
//   dotnet cake build.cake --target=<Build|Native|Test|Conformance|Installers|Bench|Run>

#load "build/paths.cake"
#load "build/test-ledger.cake"
#load "build/dotnet.cake"
#load "build/native.cake"
#load "build/fuzz.cake"
#load "build/later.cake"
#load "build/bench.cake"
#load "build/conformance.cake"
#load "build/run.cake"
#load "build/targets.cake"

RunTarget(Argument("target", "Build"));

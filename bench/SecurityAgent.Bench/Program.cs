using BenchmarkDotNet.Running;

namespace SecurityAgent.Bench;

/// <summary>Runs the benchmarks named on the command line (BenchmarkDotNet switches).</summary>
internal static class Program
{
    private static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}

using System.Globalization;

/// <summary>One storm: execs started (ground truth), the observer's CPU, and what it captured.</summary>
internal sealed record StormResult(long Execs, int Seconds, double CpuMilliseconds, long Captured, long Incomplete)
{
    public double Rate => Execs / (double)Seconds;

    public double CpuPerThousand => CpuMilliseconds * 1000 / Execs;

    public double CapturedPercent => Captured < 0 ? double.NaN : 100.0 * Captured / Execs;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Execs} execs ({Rate:0}/s), observer CPU {CpuMilliseconds:0} ms = {CpuPerThousand:0.0} ms per 1,000 execs, captured {(Captured < 0 ? "-" : $"{Captured} ({CapturedPercent:0.00} %)")}, incomplete {Incomplete}");
}

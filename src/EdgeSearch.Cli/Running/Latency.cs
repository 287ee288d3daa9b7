namespace EdgeSearch.Cli.Running;

/// <summary>The median and 99th percentile of a set of timings (nearest rank), in microseconds.</summary>
public readonly record struct Latency(double MedianUs, double P99Us)
{
    public static Latency Of(IReadOnlyCollection<double> microseconds)
    {
        if (microseconds.Count == 0) return new Latency(0, 0);
        var sorted = microseconds.Order().ToArray();
        return new Latency(Percentile(sorted, 0.50), Percentile(sorted, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

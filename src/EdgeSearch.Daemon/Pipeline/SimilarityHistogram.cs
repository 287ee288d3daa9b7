namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// Counts of best similarities in cumulative buckets, Prometheus' histogram: a line drifting away from its references
/// (light, lens, a new batch of parts) shows as good parts' similarities sliding towards the threshold.
/// </summary>
public sealed class SimilarityHistogram
{
    /// <summary>Upper bounds; the buckets are finest near 1, where a calibrated threshold lies.</summary>
    public static readonly double[] Bounds = [0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.925, 0.95, 0.975, 0.99, 1.0];

    private readonly long[] _counts = new long[Bounds.Length + 1];
    private long _sumMicros;

    public void Record(float similarity)
    {
        // A loop, not a lambda: recording runs on every frame and allocates nothing.
        var bucket = 0;
        while (bucket < Bounds.Length && similarity > Bounds[bucket])
            bucket++;
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumMicros, (long)Math.Round(similarity * 1e6));
    }

    /// <summary>Cumulative counts per bound and then +Inf, and the sum of the similarities.</summary>
    public (long[] Cumulative, double Sum) Read()
    {
        var cumulative = new long[_counts.Length];
        long total = 0;
        for (var i = 0; i < _counts.Length; i++)
            cumulative[i] = total += Interlocked.Read(ref _counts[i]);
        return (cumulative, Interlocked.Read(ref _sumMicros) / 1e6);
    }
}

using System.Collections.Concurrent;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Matching;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>Counters of the running pipeline, and latency percentiles over the most recent frames.</summary>
public sealed class PipelineMetrics
{
    private const int LatencyWindow = 1024;
    private readonly ConcurrentDictionary<string, long> _labels = new(StringComparer.Ordinal);
    private readonly long[] _outcomes = new long[Enum.GetValues<FrameOutcome>().Length];
    private readonly double[] _latencyMs = new double[LatencyWindow];
    private readonly Lock _latencyLock = new();
    private long _latencyCount;
    private long _frames;
    private long _badFrames;
    private readonly SimilarityHistogram[] _similarities = [.. Enum.GetValues<FrameOutcome>().Select(_ => new SimilarityHistogram())];
    private MatcherSetup _setup = MatcherSetup.None;

    /// <summary>Filled in by the pipeline once its queue and camera exist.</summary>
    public Func<long> Dropped { get; set; } = () => 0;
    public Func<CameraState> Camera { get; set; } = () => CameraState.Starting;

    /// <summary>Read at each snapshot; tests give fixed numbers.</summary>
    public Func<ProcessMemory> Memory { get; set; } = ProcessMemory.Read;

    public void Record(FrameResult result)
    {
        Interlocked.Increment(ref _frames);
        Interlocked.Increment(ref _outcomes[(int)result.Outcome]);
        _labels.AddOrUpdate(result.Match.Label, 1, (_, n) => n + 1);
        _similarities[(int)result.Outcome].Record(result.Match.Similarity);
        Volatile.Write(ref _setup, result.Match.Setup);
        lock (_latencyLock)
            _latencyMs[_latencyCount++ % LatencyWindow] = result.Latency.TotalMilliseconds;
    }

    public void RecordBadFrame() => Interlocked.Increment(ref _badFrames);

    public MetricsSnapshot Snapshot()
    {
        double[] latencies;
        lock (_latencyLock)
            latencies = _latencyMs[..(int)Math.Min(_latencyCount, LatencyWindow)];
        Array.Sort(latencies);
        return new MetricsSnapshot(
            Interlocked.Read(ref _frames), Dropped(), Interlocked.Read(ref _badFrames), Camera(),
            Enum.GetValues<FrameOutcome>().ToDictionary(o => o, o => Interlocked.Read(ref _outcomes[(int)o])),
            _labels.OrderBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value),
            Percentile(latencies, 0.50), Percentile(latencies, 0.99), Memory())
        {
            Setup = Volatile.Read(ref _setup),
            Similarities = Enum.GetValues<FrameOutcome>().ToDictionary(o => o, o => _similarities[(int)o].Read()),
        };
    }

    /// <summary>Nearest-rank percentile of sorted values; 0 when there are none.</summary>
    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record MetricsSnapshot(
    long Frames, long Dropped, long BadFrames, CameraState Camera,
    IReadOnlyDictionary<FrameOutcome, long> Outcomes, IReadOnlyDictionary<string, long> Labels,
    double LatencyP50Ms, double LatencyP99Ms, ProcessMemory Memory)
{
    /// <summary>The model, gallery and threshold of the latest decision.</summary>
    public MatcherSetup Setup { get; init; } = MatcherSetup.None;

    /// <summary>Best similarities per outcome (<see cref="SimilarityHistogram.Read"/>).</summary>
    public IReadOnlyDictionary<FrameOutcome, (long[] Cumulative, double Sum)> Similarities { get; init; } =
        new Dictionary<FrameOutcome, (long[] Cumulative, double Sum)>();
}

using Microsoft.Extensions.Hosting;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>Writes the pipeline's counters and latency percentiles to the log every interval.</summary>
public sealed class MetricsReport(PipelineMetrics metrics, TimeSpan interval, TimeProvider time, ILogger<MetricsReport> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
                Log(metrics.Snapshot());
        }
        catch (OperationCanceledException)
        {
        }
        Log(metrics.Snapshot());
    }

    private void Log(MetricsSnapshot s) => logger.LogInformation(
        "frames={Frames} dropped={Dropped} bad={Bad} camera={Camera} ok={Ok} defect={Defect} unknown={Unknown} " +
        "latency_p50_ms={P50:0.0} latency_p99_ms={P99:0.0} rss_mb={Rss:0.0} gc_heap_mb={Heap:0.0} gc_committed_mb={Committed:0.0} " +
        "gc_collections={Collections} labels={Labels}",
        s.Frames, s.Dropped, s.BadFrames, s.Camera, s.Outcomes[Matching.FrameOutcome.Ok], s.Outcomes[Matching.FrameOutcome.Defect],
        s.Outcomes[Matching.FrameOutcome.Unknown], s.LatencyP50Ms, s.LatencyP99Ms,
        s.Memory.ResidentBytes / 1e6, s.Memory.GcHeapBytes / 1e6, s.Memory.GcCommittedBytes / 1e6, string.Join("/", s.Memory.Collections),
        string.Join(",", s.Labels.Select(p => $"{p.Key}:{p.Value}")));
}

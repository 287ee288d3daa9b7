using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Tests.Fakes;

namespace EdgeSearch.Daemon.Tests.Pipeline;

public class PipelineMetricsTests
{
    [Fact]
    public void Percentiles_are_nearest_rank()
    {
        double[] hundred = [.. Enumerable.Range(1, 100).Select(i => (double)i)];
        Assert.Equal(50, PipelineMetrics.Percentile(hundred, 0.50));
        Assert.Equal(99, PipelineMetrics.Percentile(hundred, 0.99));
        Assert.Equal(1, PipelineMetrics.Percentile(hundred, 0));
        Assert.Equal(100, PipelineMetrics.Percentile(hundred, 1));
        Assert.Equal(7, PipelineMetrics.Percentile([7], 0.99));
        Assert.Equal(0, PipelineMetrics.Percentile([], 0.5));
        // Nearest rank of 3 values: p50 is the 2nd (ceil 1.5), p99 the 3rd.
        Assert.Equal(20, PipelineMetrics.Percentile([10, 20, 30], 0.5));
        Assert.Equal(30, PipelineMetrics.Percentile([10, 20, 30], 0.99));
    }

    [Fact]
    public void Latency_percentiles_cover_the_most_recent_1024_frames_and_counters_every_frame()
    {
        var metrics = new PipelineMetrics();
        // Latencies 1..2000 ms in a shuffled order; the window holds the last 1024 recorded.
        var order = Enumerable.Range(1, 2000).OrderBy(i => (i * 7919) % 2003).ToList();
        foreach (var (ms, n) in order.Select((ms, n) => (ms, n)))
            metrics.Record(Results.Of(n, n % 4 == 0 ? FrameOutcome.Defect : FrameOutcome.Ok, n % 2 == 0 ? "a" : "b", latencyMs: ms));
        metrics.RecordBadFrame();

        var window = order.TakeLast(1024).Order().ToList();
        var snapshot = metrics.Snapshot();
        Assert.Equal(window[511], snapshot.LatencyP50Ms);
        Assert.Equal(window[(int)Math.Ceiling(0.99 * 1024) - 1], snapshot.LatencyP99Ms);
        Assert.Equal(2000, snapshot.Frames);
        Assert.Equal(1, snapshot.BadFrames);
        Assert.Equal(500, snapshot.Outcomes[FrameOutcome.Defect]);
        Assert.Equal(1500, snapshot.Outcomes[FrameOutcome.Ok]);
        Assert.Equal(0, snapshot.Outcomes[FrameOutcome.Unknown]);
        Assert.Equal(new Dictionary<string, long> { ["a"] = 1000, ["b"] = 1000 }, snapshot.Labels);
    }
}

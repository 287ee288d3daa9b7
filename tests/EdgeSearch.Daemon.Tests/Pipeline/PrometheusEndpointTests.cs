using System.Net;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Gallery;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSearch.Daemon.Tests.Pipeline;

public class PrometheusEndpointTests
{
    private static PipelineMetrics Metrics()
    {
        var metrics = new PipelineMetrics
        {
            Dropped = () => 3,
            Camera = () => CameraState.Streaming,
            Memory = () => new ProcessMemory(75_000_000, 4_500_000, 9_000_000, 123_456_789, [40, 3, 1]),
        };
        var setup = new MatcherSetup(new ModelIdentity(new string('a', 60) + "beef", 64), "0123456789ab", 12, 0.875f, null, null, DefectThreshold: 0.8125f);
        FrameResult Decided(FrameResult r) => r with { Match = r.Match with { Setup = setup } };
        metrics.Record(Decided(Results.Of(1, FrameOutcome.Ok, "good", latencyMs: 4)));
        metrics.Record(Decided(Results.Of(2, FrameOutcome.Defect, latencyMs: 8) with { Match = new FrameMatch("say \"hi\"\\", true, 0.93f, 0.1f) }));
        metrics.RecordBadFrame();
        return metrics;
    }

    private const string Expected = """
        # HELP edgesearch_frames_total Frames decided.
        # TYPE edgesearch_frames_total counter
        edgesearch_frames_total 2
        # HELP edgesearch_frames_dropped_total Frames dropped because inference fell behind.
        # TYPE edgesearch_frames_dropped_total counter
        edgesearch_frames_dropped_total 3
        # HELP edgesearch_frames_bad_total Frames that failed and were skipped.
        # TYPE edgesearch_frames_bad_total counter
        edgesearch_frames_bad_total 1
        # HELP edgesearch_camera_up 1 while the camera streams.
        # TYPE edgesearch_camera_up gauge
        edgesearch_camera_up 1
        # HELP edgesearch_decisions_total Decisions by outcome.
        # TYPE edgesearch_decisions_total counter
        edgesearch_decisions_total{outcome="ok"} 1
        edgesearch_decisions_total{outcome="defect"} 1
        edgesearch_decisions_total{outcome="unknown"} 0
        # HELP edgesearch_label_decisions_total Decisions by gallery label.
        # TYPE edgesearch_label_decisions_total counter
        edgesearch_label_decisions_total{label="good"} 1
        edgesearch_label_decisions_total{label="say \"hi\"\\"} 1
        # HELP edgesearch_latency_ms Capture to decision latency over recent frames.
        # TYPE edgesearch_latency_ms gauge
        edgesearch_latency_ms{quantile="0.5"} 4
        edgesearch_latency_ms{quantile="0.99"} 8
        # HELP edgesearch_model_info The model (SHA-256 prefix) and gallery content (docs/deploy.md) deciding now.
        # TYPE edgesearch_model_info gauge
        edgesearch_model_info{model_sha256="aaaaaaaaaaaa",gallery_version="0123456789ab"} 1
        # HELP edgesearch_gallery_entries References in the gallery in use.
        # TYPE edgesearch_gallery_entries gauge
        edgesearch_gallery_entries 12
        # HELP edgesearch_threshold The similarity below which a part is unknown.
        # TYPE edgesearch_threshold gauge
        edgesearch_threshold 0.875
        # HELP edgesearch_defect_threshold The similarity below which a part is not given a defect label.
        # TYPE edgesearch_defect_threshold gauge
        edgesearch_defect_threshold 0.8125
        # HELP edgesearch_best_similarity Best similarity to the gallery per decision, by outcome.
        # TYPE edgesearch_best_similarity histogram
        edgesearch_best_similarity_bucket{outcome="ok",le="0.5"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="0.6"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="0.7"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="0.8"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="0.85"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="0.9"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="0.925"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="0.95"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="0.975"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="0.99"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="1"} 1
        edgesearch_best_similarity_bucket{outcome="ok",le="+Inf"} 1
        edgesearch_best_similarity_sum{outcome="ok"} 0.5
        edgesearch_best_similarity_count{outcome="ok"} 1
        edgesearch_best_similarity_bucket{outcome="defect",le="0.5"} 0
        edgesearch_best_similarity_bucket{outcome="defect",le="0.6"} 0
        edgesearch_best_similarity_bucket{outcome="defect",le="0.7"} 0
        edgesearch_best_similarity_bucket{outcome="defect",le="0.8"} 0
        edgesearch_best_similarity_bucket{outcome="defect",le="0.85"} 0
        edgesearch_best_similarity_bucket{outcome="defect",le="0.9"} 0
        edgesearch_best_similarity_bucket{outcome="defect",le="0.925"} 0
        edgesearch_best_similarity_bucket{outcome="defect",le="0.95"} 1
        edgesearch_best_similarity_bucket{outcome="defect",le="0.975"} 1
        edgesearch_best_similarity_bucket{outcome="defect",le="0.99"} 1
        edgesearch_best_similarity_bucket{outcome="defect",le="1"} 1
        edgesearch_best_similarity_bucket{outcome="defect",le="+Inf"} 1
        edgesearch_best_similarity_sum{outcome="defect"} 0.93
        edgesearch_best_similarity_count{outcome="defect"} 1
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.5"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.6"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.7"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.8"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.85"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.9"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.925"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.95"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.975"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="0.99"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="1"} 0
        edgesearch_best_similarity_bucket{outcome="unknown",le="+Inf"} 0
        edgesearch_best_similarity_sum{outcome="unknown"} 0
        edgesearch_best_similarity_count{outcome="unknown"} 0
        # HELP process_resident_memory_bytes Resident memory size in bytes.
        # TYPE process_resident_memory_bytes gauge
        process_resident_memory_bytes 75000000
        # HELP edgesearch_gc_heap_bytes Managed heap size after the last garbage collection.
        # TYPE edgesearch_gc_heap_bytes gauge
        edgesearch_gc_heap_bytes 4500000
        # HELP edgesearch_gc_committed_bytes Memory the garbage collector has committed.
        # TYPE edgesearch_gc_committed_bytes gauge
        edgesearch_gc_committed_bytes 9000000
        # HELP edgesearch_gc_allocated_bytes_total Managed bytes allocated since the start.
        # TYPE edgesearch_gc_allocated_bytes_total counter
        edgesearch_gc_allocated_bytes_total 123456789
        # HELP edgesearch_gc_collections_total Garbage collections by generation.
        # TYPE edgesearch_gc_collections_total counter
        edgesearch_gc_collections_total{generation="0"} 40
        edgesearch_gc_collections_total{generation="1"} 3
        edgesearch_gc_collections_total{generation="2"} 1

        """;

    [Fact]
    public void The_text_is_Prometheus_exposition_format_with_escaped_labels()
    {
        Assert.Equal(Expected.ReplaceLineEndings("\n"), PrometheusEndpoint.Format(Metrics().Snapshot()));
    }

    [Fact]
    public async Task It_answers_http_on_127_0_0_1_and_listens_on_no_other_address()
    {
        var port = Ports.Free();
        using var endpoint = new PrometheusEndpoint(Metrics(), IPAddress.Loopback, port, NullLogger<PrometheusEndpoint>.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient();
            var response = await http.GetAsync($"http://127.0.0.1:{port}/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Expected.ReplaceLineEndings("\n"), await response.Content.ReadAsStringAsync());

            // The kernel's own table of listening sockets: this port only on 127.0.0.1, nothing on IPv6.
            Assert.Equal(["0100007F"], Ports.ListeningAddresses("/proc/net/tcp", port));
            Assert.Empty(Ports.ListeningAddresses("/proc/net/tcp6", port));
        }
        finally
        {
            await endpoint.StopAsync(CancellationToken.None);
        }
    }
}

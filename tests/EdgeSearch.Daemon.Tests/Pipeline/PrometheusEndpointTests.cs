using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Tests.Fakes;
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
        metrics.Record(Results.Of(1, FrameOutcome.Ok, "good", latencyMs: 4));
        metrics.Record(Results.Of(2, FrameOutcome.Defect, "say \"hi\"\\", latencyMs: 8));
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
        var port = FreePort();
        using var endpoint = new PrometheusEndpoint(Metrics(), port, NullLogger<PrometheusEndpoint>.Instance);
        await endpoint.StartAsync(CancellationToken.None);
        try
        {
            using var http = new HttpClient();
            var response = await http.GetAsync($"http://127.0.0.1:{port}/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(Expected.ReplaceLineEndings("\n"), await response.Content.ReadAsStringAsync());

            // The kernel's own table of listening sockets: this port only on 127.0.0.1, nothing on IPv6.
            Assert.Equal(["0100007F"], ListeningAddresses("/proc/net/tcp", port));
            Assert.Empty(ListeningAddresses("/proc/net/tcp6", port));
        }
        finally
        {
            await endpoint.StopAsync(CancellationToken.None);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Local addresses (hex, as the kernel writes them) of sockets listening (state 0A) on the port.</summary>
    private static List<string> ListeningAddresses(string table, int port) =>
    [
        .. File.ReadLines(table).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == "0A" && int.Parse(f[1].Split(':')[1], NumberStyles.HexNumber) == port)
            .Select(f => f[1].Split(':')[0]),
    ];
}

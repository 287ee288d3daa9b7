using System.Globalization;
using System.Net;
using System.Text;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Web;
using Microsoft.Extensions.Hosting;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// Serves the metrics as Prometheus text on the configured address (127.0.0.1 unless Metrics:Address says otherwise),
/// answering any request with the current numbers. Off unless a port is configured.
/// </summary>
public sealed class PrometheusEndpoint : BackgroundService
{
    private readonly LocalHttpServer _server;
    private readonly ILogger<PrometheusEndpoint> _logger;

    public PrometheusEndpoint(PipelineMetrics metrics, IPAddress address, int port, ILogger<PrometheusEndpoint> logger)
    {
        _logger = logger;
        _server = new LocalHttpServer(address, port, (_, _) => Task.FromResult(
            new HttpResponse(200, "text/plain; version=0.0.4", Encoding.UTF8.GetBytes(Format(metrics.Snapshot())))), logger);
    }

    /// <summary>Listens before the host reports started, so a port already taken refuses the start rather than failing later unseen.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _server.Start();
        _logger.LogInformation("Prometheus metrics on {Url}", LocalHttpServer.Url(_server.Address, _server.Port, "/metrics"));
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stopping) => _server.RunAsync(stopping);

    public override void Dispose()
    {
        _server.Dispose();
        base.Dispose();
    }

    internal static string Format(MetricsSnapshot s)
    {
        var text = new StringBuilder();
        void Metric(string name, string type, string help, params (string Labels, double Value)[] samples)
        {
            text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
            foreach (var (labels, value) in samples)
                text.Append(name).Append(labels).Append(' ').Append(value.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }
        Metric("edgesearch_frames_total", "counter", "Frames decided.", ("", s.Frames));
        Metric("edgesearch_frames_dropped_total", "counter", "Frames dropped because inference fell behind.", ("", s.Dropped));
        Metric("edgesearch_frames_bad_total", "counter", "Frames that failed and were skipped.", ("", s.BadFrames));
        Metric("edgesearch_camera_up", "gauge", "1 while the camera streams.", ("", s.Camera == CameraState.Streaming ? 1 : 0));
        Metric("edgesearch_decisions_total", "counter", "Decisions by outcome.",
            [.. s.Outcomes.Select(p => ($"{{outcome=\"{p.Key.Name()}\"}}", (double)p.Value))]);
        Metric("edgesearch_label_decisions_total", "counter", "Decisions by gallery label.",
            [.. s.Labels.Select(p => ($"{{label=\"{Escape(p.Key)}\"}}", (double)p.Value))]);
        Metric("edgesearch_latency_ms", "gauge", "Capture to decision latency over recent frames.",
            ("{quantile=\"0.5\"}", s.LatencyP50Ms), ("{quantile=\"0.99\"}", s.LatencyP99Ms));
        Metric("edgesearch_model_info", "gauge", "The model (SHA-256 prefix) and gallery content (docs/deploy.md) deciding now.",
            ($"{{model_sha256=\"{s.Setup.ModelSha256}\",gallery_version=\"{s.Setup.GalleryVersion}\"}}", 1));
        Metric("edgesearch_gallery_entries", "gauge", "References in the gallery in use.", ("", s.Setup.Entries));
        Metric("edgesearch_threshold", "gauge", "The similarity below which a part is unknown.", ("", s.Setup.Threshold));
        if (s.Setup.DefectThreshold is { } defects)
            Metric("edgesearch_defect_threshold", "gauge", "The similarity below which a part is not given a defect label.", ("", defects));
        Histogram(text, "edgesearch_best_similarity", "Best similarity to the gallery per decision, by outcome.", s.Similarities);
        Metric("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", ("", s.Memory.ResidentBytes));
        Metric("edgesearch_gc_heap_bytes", "gauge", "Managed heap size after the last garbage collection.", ("", s.Memory.GcHeapBytes));
        Metric("edgesearch_gc_committed_bytes", "gauge", "Memory the garbage collector has committed.", ("", s.Memory.GcCommittedBytes));
        Metric("edgesearch_gc_allocated_bytes_total", "counter", "Managed bytes allocated since the start.", ("", s.Memory.AllocatedBytes));
        Metric("edgesearch_gc_collections_total", "counter", "Garbage collections by generation.",
            [.. s.Memory.Collections.Select((n, generation) => ($"{{generation=\"{generation}\"}}", (double)n))]);
        return text.ToString();
    }

    private static void Histogram(StringBuilder text, string name, string help, IReadOnlyDictionary<FrameOutcome, (long[] Cumulative, double Sum)> series)
    {
        text.Append("# HELP ").Append(name).Append(' ').Append(help).Append('\n');
        text.Append("# TYPE ").Append(name).Append(" histogram\n");
        foreach (var (outcome, (cumulative, sum)) in series)
        {
            var label = $"outcome=\"{outcome.Name()}\"";
            for (var i = 0; i < cumulative.Length; i++)
            {
                var bound = i < SimilarityHistogram.Bounds.Length ? SimilarityHistogram.Bounds[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
                text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{{label},le=\"{bound}\"}} {cumulative[i]}\n");
            }
            text.Append(CultureInfo.InvariantCulture, $"{name}_sum{{{label}}} {sum}\n");
            text.Append(CultureInfo.InvariantCulture, $"{name}_count{{{label}}} {cumulative[^1]}\n");
        }
    }

    private static string Escape(string label) => label.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}

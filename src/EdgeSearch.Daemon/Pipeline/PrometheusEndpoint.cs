using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Matching;
using Microsoft.Extensions.Hosting;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// Serves the metrics as Prometheus text on 127.0.0.1 only (never another interface), answering any
/// request with the current numbers. Off unless a port is configured.
/// </summary>
public sealed class PrometheusEndpoint(PipelineMetrics metrics, int port, ILogger<PrometheusEndpoint> logger) : BackgroundService
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, port);

    /// <summary>Listens before the host reports started, so a port already taken refuses the start rather than failing later unseen.</summary>
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        logger.LogInformation("Prometheus metrics on http://127.0.0.1:{Port}/metrics", port);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(stopping);
                await AnswerAsync(client, stopping);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _listener.Stop();
        }
    }

    private async Task AnswerAsync(TcpClient client, CancellationToken stopping)
    {
        try
        {
            var stream = client.GetStream();
            // The request itself does not matter; read its head so the client sees a clean exchange.
            _ = await stream.ReadAsync(new byte[4096], stopping);
            var body = Encoding.UTF8.GetBytes(Format(metrics.Snapshot()));
            var head = Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
            await stream.WriteAsync(head, stopping);
            await stream.WriteAsync(body, stopping);
        }
        catch (IOException e)
        {
            logger.LogDebug("Metrics client went away: {Error}", e.Message);
        }
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
        Metric("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", ("", s.Memory.ResidentBytes));
        Metric("edgesearch_gc_heap_bytes", "gauge", "Managed heap size after the last garbage collection.", ("", s.Memory.GcHeapBytes));
        Metric("edgesearch_gc_committed_bytes", "gauge", "Memory the garbage collector has committed.", ("", s.Memory.GcCommittedBytes));
        Metric("edgesearch_gc_allocated_bytes_total", "counter", "Managed bytes allocated since the start.", ("", s.Memory.AllocatedBytes));
        Metric("edgesearch_gc_collections_total", "counter", "Garbage collections by generation.",
            [.. s.Memory.Collections.Select((n, generation) => ($"{{generation=\"{generation}\"}}", (double)n))]);
        return text.ToString();
    }

    private static string Escape(string label) => label.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
}

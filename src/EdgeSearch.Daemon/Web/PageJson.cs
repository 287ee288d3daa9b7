using System.Text.Json;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Sinks;

namespace EdgeSearch.Daemon.Web;

/// <summary>What <c>GET /api/decisions</c> and <c>GET /api/status</c> answer; docs/deploy.md describes the keys.</summary>
public static class PageJson
{
    /// <summary>Recent decisions, newest first, with the decision log's keys and the page's picture links.</summary>
    public static byte[] Decisions(IReadOnlyList<FrameResult> decisions) => JsonText.Write(w =>
    {
        w.WriteStartArray();
        foreach (var d in decisions)
        {
            w.WriteStartObject();
            DecisionLine.WriteFields(w, d);
            if (d.Match.Nearest is var (id, _))
                w.WriteString("reference", $"/api/references/{id}.png");
            w.WriteString("picture", $"/api/frames/{d.Captured.FrameId}/picture.png");
            w.WriteString("frame_picture", $"/api/frames/{d.Captured.FrameId}/frame.png");
            w.WriteEndObject();
        }
        w.WriteEndArray();
    });

    /// <summary>The line now: what it waits for or runs without, frames, camera, the latest decision's model, gallery,
    /// threshold and ROI, and the hour's and shift's counts.</summary>
    public static byte[] Status(DeviceStatus device, MetricsSnapshot metrics, FrameResult? latest, (PeriodCounts Hour, PeriodCounts Shift) counts, bool changesAllowed) =>
        JsonText.Object(w =>
        {
            var setup = metrics.Setup;
            w.WriteString("waiting", device.Waiting);
            w.WriteString("outputs_off", device.OutputsOff);
            w.WriteNumber("frames", metrics.Frames);
            w.WriteString("camera", metrics.Camera.ToString().ToLowerInvariant());
            w.WriteString("model_sha256", setup.ModelSha256);
            w.WriteString("gallery_version", setup.GalleryVersion);
            w.WriteNumber("gallery_entries", setup.Entries);
            w.WriteNumber("threshold", setup.Threshold);
            if (setup.DefectThreshold is { } defects) w.WriteNumber("defect_threshold", defects);
            else w.WriteNull("defect_threshold");
            Region(w, "roi", setup.Roi);
            if (latest is null)
                w.WriteNull("frame_size");
            else
            {
                w.WriteStartObject("frame_size");
                w.WriteNumber("width", latest.Captured.Frame.Width);
                w.WriteNumber("height", latest.Captured.Frame.Height);
                w.WriteEndObject();
            }
            Period(w, "hour", counts.Hour);
            Period(w, "shift", counts.Shift);
            w.WriteBoolean("changes_allowed", changesAllowed);
        });

    public static void Region(Utf8JsonWriter w, string name, FrameRegion? region)
    {
        if (region is not { } r)
        {
            w.WriteNull(name);
            return;
        }
        w.WriteStartObject(name);
        w.WriteNumber("x", r.X);
        w.WriteNumber("y", r.Y);
        w.WriteNumber("width", r.Width);
        w.WriteNumber("height", r.Height);
        w.WriteEndObject();
    }

    private static void Period(Utf8JsonWriter w, string name, PeriodCounts counts)
    {
        w.WriteStartObject(name);
        w.WriteString("start", counts.Start);
        w.WriteNumber("total", counts.Total);
        foreach (var (outcome, n) in counts.Outcomes)
            w.WriteNumber(outcome.Name(), n);
        if (counts.Yield is { } yield)
            w.WriteNumber("yield", Math.Round(yield, 4));
        else
            w.WriteNull("yield");
        w.WriteStartObject("labels");
        foreach (var (label, n) in counts.Labels)
            w.WriteNumber(label, n);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Configuration;

/// <summary>
/// The settings the operator page changes while the line runs: the region of interest and the threshold. They start
/// as configured; a change is saved to <see cref="File"/>, the operator settings file, which the configuration reads
/// above its files and below EDGESEARCH_ variables and the command line (<see cref="DaemonConfiguration"/>). It is
/// written to a temporary file and renamed, so a crash or a full disk leaves the old file or the new one, never half.
/// </summary>
public sealed class LineSettings(FrameRegion? roi, float? threshold, string file)
{
    private readonly Lock _lock = new();
    private FrameRegion? _roi = roi;
    private float? _threshold = threshold;

    public static LineSettings From(DaemonOptions options) =>
        new(options.Roi?.ToRegion(), options.Decision.Threshold, DaemonConfiguration.OperatorFile(options.Web.SettingsFile, options.Gallery));

    public string File { get; } = file;

    public FrameRegion? Roi
    {
        get
        {
            lock (_lock)
                return _roi;
        }
    }

    /// <summary>The configured threshold; null uses the gallery's calibrated one.</summary>
    public float? Threshold
    {
        get
        {
            lock (_lock)
                return _threshold;
        }
    }

    /// <summary>Saves, then applies: a region that cannot be saved is not used either, so a restart keeps what ran.</summary>
    public void SetRoi(FrameRegion region)
    {
        Save(settings => settings["Roi"] = new JsonObject
        {
            ["X"] = region.X, ["Y"] = region.Y, ["Width"] = region.Width, ["Height"] = region.Height,
        }, () => _roi = region);
    }

    public void SetThreshold(float value)
    {
        if (!float.IsFinite(value))
            throw new ArgumentOutOfRangeException(nameof(value), value, "The threshold must be a finite similarity.");
        Save(settings =>
        {
            var decision = settings["Decision"] as JsonObject ?? [];
            decision["Threshold"] = value;
            settings["Decision"] = decision;
        }, () => _threshold = value);
    }

    private void Save(Action<JsonObject> change, Action apply)
    {
        lock (_lock)
        {
            var settings = System.IO.File.Exists(File)
                ? JsonNode.Parse(System.IO.File.ReadAllText(File)) as JsonObject ?? throw new InvalidDataException($"{File} does not hold a JSON object.")
                : [];
            change(settings);
            var temporary = $"{File}.{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.tmp";
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
            {
                using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
                    settings.WriteTo(writer);
                stream.Flush(flushToDisk: true);
            }
            System.IO.File.Move(temporary, File, overwrite: true);
            apply();
        }
    }
}

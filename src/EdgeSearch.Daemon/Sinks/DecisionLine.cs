using System.Buffers;
using System.Text.Json;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// Formats one decision as a JSON line into a buffer it reuses, so logging every frame of a long run allocates
/// nothing per line (a fresh writer and stream per line came to about 5.5 kB of garbage a frame).
/// </summary>
internal sealed class DecisionLine
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);
    private readonly Utf8JsonWriter _json;

    public DecisionLine() => _json = new Utf8JsonWriter(_buffer);

    /// <summary>The line, newline included; valid until the next call.</summary>
    public ReadOnlySpan<byte> Format(FrameResult result)
    {
        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        _json.WriteStartObject();
        WriteFields(_json, result);
        _json.WriteEndObject();
        _json.Flush();
        _buffer.Write("\n"u8);
        return _buffer.WrittenSpan;
    }

    /// <summary>A decision's keys, which the operator page's API repeats; docs/deploy.md describes every one.</summary>
    public static void WriteFields(Utf8JsonWriter json, FrameResult result)
    {
        var (captured, match, setup) = (result.Captured, result.Match, result.Match.Setup);
        json.WriteString("time", result.DecidedAt);
        json.WriteNumber("frame", captured.Id);
        json.WriteString("frame_id", FrameId(captured, stackalloc char[48]));
        json.WriteString("label", match.Label);
        json.WriteString("outcome", result.Outcome.Name());
        json.WriteNumber("similarity", match.Similarity);
        json.WriteNumber("margin", match.Margin);
        json.WriteNumber("threshold", setup.Threshold);
        if (setup.DefectThreshold is { } defects) json.WriteNumber("defect_threshold", defects);
        if (match.Nearest is var (nearestId, nearestLabel))
        {
            json.WriteNumber("nearest_id", nearestId);
            json.WriteString("nearest_label", nearestLabel);
        }
        else
        {
            json.WriteNull("nearest_id");
            json.WriteNull("nearest_label");
        }
        json.WriteString("evidence", result.Evidence);
        json.WriteString("model_sha256", setup.ModelSha256);
        json.WriteString("gallery_version", setup.GalleryVersion);
        json.WriteNumber("latency_ms", Math.Round(result.Latency.TotalMilliseconds, 3));
    }

    /// <summary><see cref="CapturedFrame.FrameId"/> without a string per line.</summary>
    private static ReadOnlySpan<char> FrameId(CapturedFrame captured, Span<char> text)
    {
        captured.Run.CopyTo(text);
        text[captured.Run.Length] = '-';
        captured.Id.TryFormat(text[(captured.Run.Length + 1)..], out var digits, provider: System.Globalization.CultureInfo.InvariantCulture);
        return text[..(captured.Run.Length + 1 + digits)];
    }
}

namespace EdgeSearch.Daemon.Configuration;

public enum SourceKind
{
    V4l2,
    Rpicam,
    Replay,
}

/// <summary>A parsed <c>--source</c>: <c>v4l2:/dev/videoN</c>, <c>rpicam</c> or <c>replay:SPEC</c>.</summary>
public sealed record SourceSpec(SourceKind Kind, string Argument)
{
    public static bool TryParse(string? text, out SourceSpec spec, out string problem)
    {
        spec = new SourceSpec(SourceKind.Rpicam, "");
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "no frame source: give --source v4l2:/dev/videoN, rpicam or replay:SPEC";
            return false;
        }
        if (text == "rpicam")
            return true;
        var colon = text.IndexOf(':');
        var (scheme, argument) = colon < 0 ? (text, "") : (text[..colon], text[(colon + 1)..]);
        SourceKind? kind = scheme switch { "v4l2" => SourceKind.V4l2, "replay" => SourceKind.Replay, _ => null };
        if (kind is null || argument.Length == 0)
        {
            problem = $"source '{text}' is not v4l2:/dev/videoN, rpicam or replay:SPEC";
            return false;
        }
        spec = new SourceSpec(kind.Value, argument);
        return true;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Gallery;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Web;

/// <summary>
/// What the page may change on the running line: teach (enrol a kept frame into the gallery), the region of interest
/// and the threshold. Each needs the configured token as <c>Authorization: Bearer TOKEN</c>; with no token configured
/// nothing can be changed. Each change is saved before it is used, and then used from the next frame on, through a
/// reload of the matcher (the frame in hand finishes with the matcher it started with).
/// </summary>
public sealed class LineChanges(string? token, RecentDecisions recent, MatcherSlot matchers, LineSettings settings, ILogger<LineChanges> logger)
{
    public const int MaxLabelLength = 64;

    public bool Allowed => !string.IsNullOrEmpty(token);

    /// <summary>Null when the request carries the token, else the refusal.</summary>
    public HttpResponse? Refusal(HttpRequest request)
    {
        if (!Allowed)
            return HttpResponse.Error(403, "changes from the page are off: set Web:Token in the configuration");
        var given = request.Header("authorization") is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..].Trim() : "";
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(token!))
            ? null
            : HttpResponse.Error(401, "this change needs the token (Web:Token) as 'Authorization: Bearer TOKEN'");
    }

    /// <summary>{"frame_id": "...", "label": "..."}: enrols the frame's embedding and model input under the label.</summary>
    public HttpResponse Teach(JsonElement body)
    {
        var frameId = body.TryGetProperty("frame_id", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()! : "";
        var label = body.TryGetProperty("label", out var l) && l.ValueKind == JsonValueKind.String ? l.GetString()!.Trim() : "";
        if (label.Length is 0 or > MaxLabelLength || label.Any(char.IsControl))
            return HttpResponse.Error(400, $"give a label of 1 to {MaxLabelLength} printable characters");
        if (recent.Find(frameId) is not { } kept)
            return HttpResponse.Error(404, $"frame '{frameId}' is no longer kept; teach from a recent decision");
        if (kept.Match.Setup is not { Model: { } model, InputShape: { } shape } || kept.Match.Input.Length != shape.Size)
            return HttpResponse.Error(409, "this frame was not decided by a model, so there is nothing to enrol");
        long id;
        try
        {
            using var gallery = GalleryStore.Open(matchers.GalleryPath, model);
            id = gallery.Add(new Enrollment(label, kept.Match.Embedding.ToArray(), $"edgesearchd frame {frameId}",
                new ReferenceImage(shape.Channels, shape.Height, shape.Width, kept.Match.Input.ToArray()), kept.Captured.CapturedAt.UtcDateTime));
        }
        catch (Exception e) when (e is GalleryException or IOException or UnauthorizedAccessException)
        {
            return HttpResponse.Error(409, $"not enrolled: {e.Message}");
        }
        logger.LogInformation("Frame {Frame} taught as {Label}: gallery entry {Id}", frameId, label, id);
        var inUse = matchers.Reload($"frame {frameId} taught as '{label}'");
        // Committed with synchronous=FULL: the entry survives a power cut from here on.
        return new HttpResponse(200, "application/json", JsonText.Object(w =>
        {
            w.WriteNumber("id", id);
            w.WriteString("label", label);
            w.WriteString("frame_id", frameId);
            w.WriteBoolean("durable", true);
            w.WriteBoolean("in_use", inUse);
        }));
    }

    /// <summary>{"x":..,"y":..,"width":..,"height":..} in pixels of the camera frame; it must lie inside the latest frame.</summary>
    public HttpResponse SetRoi(JsonElement body)
    {
        int Number(string name) => body.TryGetProperty(name, out var v) && v.TryGetInt32(out var n) ? n : -1;
        var region = new FrameRegion(Number("x"), Number("y"), Number("width"), Number("height"));
        if (recent.List().FirstOrDefault() is not { } latest)
            return HttpResponse.Error(409, "no frame decided yet: the region cannot be checked against the camera's frame size");
        try
        {
            region.EnsureInside(latest.Captured.Frame.Width, latest.Captured.Frame.Height);
        }
        catch (ArgumentException e)
        {
            return HttpResponse.Error(400, e.Message);
        }
        return Saved(() => settings.SetRoi(region), $"region of interest set to x={region.X} y={region.Y} {region.Width}x{region.Height}",
            w => PageJson.Region(w, "roi", region));
    }

    /// <summary>{"threshold": 0.9}: the similarity below which a part is unknown, from -1 to 1.</summary>
    public HttpResponse SetThreshold(JsonElement body)
    {
        if (!body.TryGetProperty("threshold", out var t) || !t.TryGetDouble(out var threshold) || threshold is < -1 or > 1)
            return HttpResponse.Error(400, "give a threshold from -1 to 1");
        return Saved(() => settings.SetThreshold((float)threshold), $"threshold set to {threshold}", w => w.WriteNumber("threshold", threshold));
    }

    private HttpResponse Saved(Action save, string what, Action<Utf8JsonWriter> echo)
    {
        try
        {
            save();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or JsonException)
        {
            return HttpResponse.Error(409, $"not saved to {settings.File}: {e.Message}");
        }
        logger.LogInformation("Operator page: {What}, saved to {File}", what, settings.File);
        var inUse = matchers.Reload(what + " on the operator page");
        return new HttpResponse(200, "application/json", JsonText.Object(w =>
        {
            echo(w);
            w.WriteString("saved_to", settings.File);
            w.WriteBoolean("in_use", inUse);
        }));
    }
}

using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// Saves defect and unknown frames as PNGs for a person to review, deleting the oldest once the folder
/// holds more than its byte limit, so evidence can never fill the disk.
/// </summary>
public sealed class EvidenceStore : IDecisionSink
{
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly Queue<(string Path, long Bytes)> _files = new();
    private long _bytes;

    public EvidenceStore(string directory, long maxBytes)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        Directory.CreateDirectory(directory);
        // Names start with the time, so name order is age order.
        foreach (var file in new DirectoryInfo(directory).GetFiles("*.png").OrderBy(f => f.Name, StringComparer.Ordinal))
            Add(file.FullName, file.Length);
        Trim();
    }

    public long Bytes => _bytes;

    public void Write(FrameResult result)
    {
        if (result.Outcome == FrameOutcome.Ok)
            return;
        var frame = result.Captured.Frame;
        var path = Path.Combine(_directory,
            $"{result.DecidedAt.UtcDateTime:yyyyMMdd'T'HHmmss.fff'Z'}-{result.Captured.Id:D8}-{result.Outcome.Name()}-{SafeName(result.Match.Label)}.png");
        using (var image = Image.LoadPixelData<Rgb24>(FrameColor.ToRgb24(frame), frame.Width, frame.Height))
            image.SaveAsPng(path);
        Add(path, new FileInfo(path).Length);
        Trim();
    }

    private void Add(string path, long bytes)
    {
        _files.Enqueue((path, bytes));
        _bytes += bytes;
    }

    private void Trim()
    {
        while (_bytes > _maxBytes && _files.TryDequeue(out var oldest))
        {
            File.Delete(oldest.Path);
            _bytes -= oldest.Bytes;
        }
    }

    private static string SafeName(string label) =>
        string.Concat(label.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}

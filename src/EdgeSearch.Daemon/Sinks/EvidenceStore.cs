using EdgeSearch.Daemon.Annotation;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// Saves defect and unknown frames as PNGs for a person to review (<see cref="DecisionPicture"/>: the frame with its
/// region of interest and decision drawn on it, beside the model's input), named by time, frame, outcome, label and
/// nearest reference (<c>-refID</c>), deleting the oldest once the folder holds more than its byte limit, so evidence
/// can never fill the disk.
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
        var match = result.Match;
        var name = $"{result.DecidedAt.UtcDateTime:yyyyMMdd'T'HHmmss.fff'Z'}-{result.Captured.Id:D8}-{result.Outcome.Name()}-{SafeName(match.Label)}"
            + (match.Nearest is var (id, _) ? $"-ref{id}.png" : ".png");
        var path = Path.Combine(_directory, name);
        using (var file = File.Create(path))
            DecisionPicture.Draw(result.Captured.Frame, result.Captured.FrameId, match, result.Outcome, match.Input.Span).SavePng(file);
        result.Evidence = name;
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

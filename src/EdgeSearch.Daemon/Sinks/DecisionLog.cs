using System.Text.Json;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// Every decision as one JSON line (time, frame id, label, outcome, similarity, margin, latency). When the file
/// would grow past its size limit it is rotated: FILE becomes FILE.1, FILE.1 becomes FILE.2, and so on up to Keep.
/// </summary>
public sealed class DecisionLog : IDecisionSink, IDisposable
{
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keep;
    private FileStream _file;

    public DecisionLog(string path, long maxBytes, int keep)
    {
        _path = Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _keep = keep;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _file = Open();
    }

    public void Write(FrameResult result)
    {
        var line = Line(result);
        if (_file.Length > 0 && _file.Length + line.Length > _maxBytes)
            Rotate();
        _file.Write(line);
        _file.Flush();
    }

    internal static byte[] Line(FrameResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("time", result.DecidedAt);
            json.WriteNumber("frame", result.Captured.Id);
            json.WriteString("label", result.Match.Label);
            json.WriteString("outcome", result.Outcome.ToString().ToLowerInvariant());
            json.WriteNumber("similarity", result.Match.Similarity);
            json.WriteNumber("margin", result.Match.Margin);
            json.WriteNumber("latency_ms", Math.Round(result.Latency.TotalMilliseconds, 3));
            json.WriteEndObject();
        }
        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    private void Rotate()
    {
        _file.Dispose();
        if (_keep == 0)
            File.Delete(_path);
        else
        {
            for (var i = _keep - 1; i >= 1; i--)
                if (File.Exists($"{_path}.{i}"))
                    File.Move($"{_path}.{i}", $"{_path}.{i + 1}", overwrite: true);
            File.Move(_path, $"{_path}.1", overwrite: true);
        }
        _file = Open();
    }

    private FileStream Open() => new(_path, FileMode.Append, FileAccess.Write, FileShare.Read);

    public void Dispose() => _file.Dispose();
}

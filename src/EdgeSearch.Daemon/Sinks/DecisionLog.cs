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
    private readonly DecisionLine _line = new();
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
        var line = _line.Format(result);
        if (_file.Length > 0 && _file.Length + line.Length > _maxBytes)
            Rotate();
        _file.Write(line);
        _file.Flush();
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

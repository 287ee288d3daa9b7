using EdgeSearch.Core.Files;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Sinks;

/// <summary>
/// Every decision as one JSON line (<see cref="DecisionLine"/>; docs/deploy.md lists the keys). When the file
/// would grow past its size limit it is rotated: FILE becomes FILE.1, FILE.1 becomes FILE.2, and so on up to Keep.
/// Only whole records stay in the file: each is written at the end of the last whole one, a write that fails (a
/// full disk) is cut off again, and a file left with a torn last line (a crash) is cut back to its last newline
/// when opened.
/// </summary>
public sealed class DecisionLog : IDecisionSink, IDisposable
{
    private const byte NewLine = (byte)'\n';
    private readonly string _path;
    private readonly long _maxBytes;
    private readonly int _keep;
    private readonly Func<string, Stream> _open;
    private readonly DecisionLine _line = new();
    private Stream _file;
    private long _end;
    private bool _torn;

    public DecisionLog(string path, long maxBytes, int keep) : this(path, maxBytes, keep, OpenFile)
    {
    }

    /// <param name="open">Opens the file for reading and writing, unbuffered; tests give streams that fail.</param>
    internal DecisionLog(string path, long maxBytes, int keep, Func<string, Stream> open)
    {
        _path = Path.GetFullPath(path);
        _maxBytes = maxBytes;
        _keep = keep;
        _open = open;
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        (_file, _end) = Open();
    }

    public void Write(FrameResult result)
    {
        var line = _line.Format(result);
        if (_end > 0 && _end + line.Length > _maxBytes)
            Rotate();
        try
        {
            _file.Position = _end;
            _file.Write(line);
            _file.Flush();
            if (_torn)
                _file.SetLength(_end + line.Length);
        }
        catch (IOException)
        {
            CutTornTail();
            throw;
        }
        _end += line.Length;
        _torn = false;
    }

    /// <summary>A failed write may have left part of its record. If cutting it off fails too, the next write goes
    /// over it and cuts what is left after itself.</summary>
    private void CutTornTail()
    {
        _torn = true;
        try
        {
            _file.SetLength(_end);
            _torn = false;
        }
        catch (IOException)
        {
        }
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
        (_file, _end) = Open();
    }

    private (Stream File, long End) Open()
    {
        var file = _open(_path);
        try
        {
            var end = LastRecordEnd(file);
            file.SetLength(end);
            return (file, end);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Where the last whole line ends: the file's length, or just after its last newline.</summary>
    private static long LastRecordEnd(Stream file)
    {
        var buffer = new byte[4096];
        for (var end = file.Length; end > 0; end -= buffer.Length)
        {
            var start = Math.Max(0, end - buffer.Length);
            file.Position = start;
            var chunk = buffer.AsSpan(0, (int)(end - start));
            file.ReadExactly(chunk);
            var last = chunk.LastIndexOf(NewLine);
            if (last >= 0)
                return start + last + 1;
        }
        return 0;
    }

    private static Stream OpenFile(string path)
    {
        // A FIFO or a device where the log should be would block or swallow every record.
        if (File.Exists(path))
            RegularFile.Require(path);
        return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
    }

    public void Dispose() => _file.Dispose();
}

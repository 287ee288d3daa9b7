using System.Text.Json;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Sinks;
using EdgeSearch.Daemon.Tests.Fakes;

namespace EdgeSearch.Daemon.Tests.Sinks;

/// <summary>A disk that fills up under the decision log, and a log left torn by a crash: only whole records stay.</summary>
public class DecisionLogFailureTests
{
    private const int NoSpaceLeft = 28;

    private static long[] Frames(string file) =>
        [.. File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("frame").GetInt64())];

    [Fact]
    public void Records_that_failed_on_a_full_disk_leave_no_torn_line_and_the_log_resumes_on_a_record_boundary()
    {
        using var run = new DaemonRun();
        var path = run.Path("decisions.jsonl");
        FullDisk? disk = null;
        using (var log = new DecisionLog(path, 1 << 20, keep: 1, file => disk = new FullDisk(file)))
        {
            log.Write(Results.Of(1, FrameOutcome.Ok));
            disk!.Full = true;
            for (var id = 2; id <= 4; id++)
                Assert.Equal(NoSpaceLeft, Assert.ThrowsAny<IOException>(() => log.Write(Results.Of(id, FrameOutcome.Ok))).HResult);
            disk.Full = false;
            log.Write(Results.Of(5, FrameOutcome.Ok));
        }

        Assert.Equal([1L, 5L], Frames(path));
    }

    [Fact]
    public void A_torn_last_line_from_a_crash_is_cut_before_new_records()
    {
        using var run = new DaemonRun();
        var path = run.Path("decisions.jsonl");
        using (var log = new DecisionLog(path, 1 << 20, keep: 1))
            log.Write(Results.Of(1, FrameOutcome.Ok));
        File.AppendAllText(path, """{"time":"2026-12-0""");

        using (var log = new DecisionLog(path, 1 << 20, keep: 1))
            log.Write(Results.Of(2, FrameOutcome.Ok));

        Assert.Equal([1L, 2L], Frames(path));
    }

    /// <summary>The real file, but while <see cref="Full"/> each write puts down half its bytes and fails as
    /// write(2) does on a full disk; cutting the file back fails too, as it may on some file systems.</summary>
    private sealed class FullDisk(string path) : Stream
    {
        private readonly FileStream _file = new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        public bool Full;

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (!Full)
            {
                _file.Write(buffer);
                return;
            }
            _file.Write(buffer[..(buffer.Length / 2)]);
            throw NoSpace();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void SetLength(long value)
        {
            if (Full && value < _file.Length)
                throw NoSpace();
            _file.SetLength(value);
        }

        private static IOException NoSpace() => new("No space left on device", NoSpaceLeft);

        public override int Read(byte[] buffer, int offset, int count) => _file.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => _file.Seek(offset, origin);
        public override void Flush() => _file.Flush();
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => _file.Length;
        public override long Position { get => _file.Position; set => _file.Position = value; }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                _file.Dispose();
            base.Dispose(disposing);
        }
    }
}

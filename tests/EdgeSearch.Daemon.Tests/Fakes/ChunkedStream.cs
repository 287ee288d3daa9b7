namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>A read-only stream that hands out its bytes in the given chunk sizes, in turn, as a pipe might.</summary>
internal sealed class ChunkedStream(byte[] bytes, int[] chunks) : Stream
{
    private int _position;
    private int _reads;

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = Math.Min(Math.Min(count, chunks[_reads++ % chunks.Length]), bytes.Length - _position);
        bytes.AsSpan(_position, n).CopyTo(buffer.AsSpan(offset));
        _position += n;
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => bytes.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

using System.Threading.Channels;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// The small buffer between capture and inference. For a live camera it drops the oldest frame when full
/// (the line must never lag behind the camera) and counts the drops; a replay waits for room instead.
/// </summary>
public sealed class FrameQueue
{
    private readonly Channel<CapturedFrame> _channel;
    private long _dropped;

    public FrameQueue(int capacity, bool dropOldest)
    {
        var options = new BoundedChannelOptions(capacity)
        {
            FullMode = dropOldest ? BoundedChannelFullMode.DropOldest : BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        };
        _channel = Channel.CreateBounded<CapturedFrame>(options, _ => Interlocked.Increment(ref _dropped));
    }

    public long Dropped => Interlocked.Read(ref _dropped);

    public ValueTask WriteAsync(CapturedFrame frame, CancellationToken cancellation) => _channel.Writer.WriteAsync(frame, cancellation);

    public void Complete() => _channel.Writer.TryComplete();

    public ChannelReader<CapturedFrame> Reader => _channel.Reader;
}

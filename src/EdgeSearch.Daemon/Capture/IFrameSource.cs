using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Capture;

/// <summary>
/// Where frames come from. Each <see cref="ReadAsync"/> opens the device afresh and streams until it is
/// lost (an exception or the end of the stream); <see cref="Camera"/> reopens it.
/// </summary>
public interface IFrameSource
{
    /// <summary>For logs: the device or folder read.</summary>
    string Description { get; }

    /// <summary>
    /// A live camera keeps running whether or not anyone reads it, so old frames are worthless;
    /// a replay waits for the pipeline and its end is the end of the run.
    /// </summary>
    bool IsLive { get; }

    IAsyncEnumerable<Frame> ReadAsync(CancellationToken cancellation);
}

using System.Runtime.CompilerServices;
using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Capture;

/// <summary>
/// Replays recorded frames (a folder of images or a dataset) at a fixed rate, or as fast as the pipeline
/// takes them when the rate is 0; optionally looping. Frames are loaded lazily, one at a time.
/// </summary>
public sealed class ReplaySource(string description, Func<IEnumerable<Frame>> frames, double fps, bool loop, TimeProvider time)
    : IFrameSource
{
    public string Description => $"replay:{description}";
    public bool IsLive => false;

    public async IAsyncEnumerable<Frame> ReadAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        var period = fps > 0 ? TimeSpan.FromSeconds(1 / fps) : TimeSpan.Zero;
        var next = time.GetTimestamp();
        do
        {
            var any = false;
            foreach (var frame in frames())
            {
                any = true;
                if (period > TimeSpan.Zero)
                {
                    var wait = period - time.GetElapsedTime(next);
                    if (wait > TimeSpan.Zero)
                        await Task.Delay(wait, time, cancellation);
                    next = time.GetTimestamp();
                }
                cancellation.ThrowIfCancellationRequested();
                yield return frame;
            }
            if (!any)
                throw new InvalidDataException("no frame could be read and decoded (every file was skipped, or there are none)");
        } while (loop);
    }
}

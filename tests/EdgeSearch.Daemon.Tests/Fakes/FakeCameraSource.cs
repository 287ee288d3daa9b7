using System.Runtime.CompilerServices;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Capture;

namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>
/// A live camera that streams small gray frames every few milliseconds. Its first connection is lost
/// (unplugged) after <paramref name="framesBeforeLoss"/> frames; later connections stream on.
/// </summary>
internal sealed class FakeCameraSource(int framesBeforeLoss = int.MaxValue, byte level = 20) : IFrameSource
{
    public int Connections;

    public string Description => "fake camera";
    public bool IsLive => true;

    public async IAsyncEnumerable<Frame> ReadAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        var connection = Interlocked.Increment(ref Connections);
        for (var i = 0; ; i++)
        {
            if (connection == 1 && i == framesBeforeLoss)
                throw new IOException("device unplugged");
            await Task.Delay(2, cancellation);
            yield return Frame.Packed(FrameFormat.Gray8, 4, 4, Enumerable.Repeat(level, 16).ToArray());
        }
    }
}

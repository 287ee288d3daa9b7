using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Capture;

namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>
/// A live camera that delivers exactly the frames the test lets through (<see cref="Release"/>), so a test can
/// say what happens between frames. Frames cycle through dark, bright and middle gray (defect, ok, unknown for
/// <see cref="BrightnessMatcher"/>).
/// </summary>
internal sealed class GatedCameraSource : IFrameSource
{
    private static readonly byte[] Levels = [20, 220, 128];
    private readonly Channel<int> _released = Channel.CreateUnbounded<int>();
    private int _index;

    public string Description => "gated camera";
    public bool IsLive => true;

    public void Release(int frames)
    {
        for (var i = 0; i < frames; i++)
            _released.Writer.TryWrite(i);
    }

    public async IAsyncEnumerable<Frame> ReadAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        while (true)
        {
            await _released.Reader.ReadAsync(cancellation);
            var level = Levels[_index++ % Levels.Length];
            yield return Frame.Packed(FrameFormat.Gray8, 4, 4, Enumerable.Repeat(level, 16).ToArray());
        }
    }
}

using System.Runtime.CompilerServices;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Capture;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSearch.Daemon.Tests.Capture;

public class CameraTests
{
    [Fact]
    public async Task A_failing_replay_is_not_reopened_so_no_frame_is_decided_twice()
    {
        var source = new FailingReplay();
        var camera = new Camera(source, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(1), TimeProvider.System, NullLogger<Camera>.Instance);

        var frames = new List<long>();
        await foreach (var frame in camera.FramesAsync(CancellationToken.None))
            frames.Add(frame.Id);

        Assert.Equal([1L, 2L], frames);
        Assert.Equal(1, source.Opened);
        Assert.Equal(0, camera.Reconnects);
        Assert.Equal(CameraState.Ended, camera.State);
        Assert.Contains("folder vanished", camera.Failure);
    }

    /// <summary>Two frames, then its folder cannot be read any more.</summary>
    private sealed class FailingReplay : IFrameSource
    {
        public int Opened;
        public string Description => "replay:test";
        public bool IsLive => false;

        public async IAsyncEnumerable<Frame> ReadAsync([EnumeratorCancellation] CancellationToken cancellation)
        {
            Opened++;
            await Task.Yield();
            yield return Frame.Packed(FrameFormat.Gray8, 2, 2, new byte[4]);
            yield return Frame.Packed(FrameFormat.Gray8, 2, 2, new byte[4]);
            throw new IOException("folder vanished");
        }
    }
}

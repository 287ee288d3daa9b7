using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Tests.Fakes;

namespace EdgeSearch.Daemon.Tests.Capture;

public class I420FrameCutterTests
{
    [Fact]
    public async Task Frames_are_cut_exactly_whatever_the_chunk_sizes_and_a_trailing_partial_frame_is_dropped()
    {
        const int w = 4, h = 2, frameBytes = w * h * 3 / 2;
        var bytes = new byte[3 * frameBytes + 5];
        for (var i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)(i * 7 + 3);
        var frames = new List<Frame>();
        await foreach (var frame in I420FrameCutter.CutAsync(new ChunkedStream(bytes, [1, 5, 2, 11, 3]), w, h, CancellationToken.None))
            frames.Add(frame);
        Assert.Equal(3, frames.Count);
        for (var f = 0; f < 3; f++)
        {
            Assert.Equal(FrameFormat.I420, frames[f].Format);
            Assert.Equal(bytes.AsSpan(f * frameBytes, frameBytes).ToArray(), frames[f].Pixels.ToArray());
        }
    }
}

using System.Runtime.CompilerServices;
using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Capture;

/// <summary>
/// Cuts a byte stream of back-to-back raw I420 frames (rpicam-vid's stdout) into frames of exactly
/// w·h·3/2 bytes, however the pipe chunks the bytes. A partial frame at the end of the stream is dropped.
/// </summary>
public static class I420FrameCutter
{
    public static async IAsyncEnumerable<Frame> CutAsync(Stream stream, int width, int height,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var frameBytes = Frame.PackedSize(FrameFormat.I420, width, height);
        while (true)
        {
            // Each frame owns its buffer: it travels through the queue while the next one is read.
            var buffer = new byte[frameBytes];
            var read = await stream.ReadAtLeastAsync(buffer, frameBytes, throwOnEndOfStream: false, cancellation);
            if (read < frameBytes)
                yield break;
            yield return Frame.Packed(FrameFormat.I420, width, height, buffer);
        }
    }
}

using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Capture;

/// <summary>
/// Turns what a V4L2 camera hands over into frames. A buffer that is not a whole frame of the configured size (a
/// damaged MJPEG, a short YUYV buffer, a JPEG of another size) is a bad frame: reported and skipped, while the camera
/// keeps streaming. MJPEG goes through the same decoder and budget as image files.
/// </summary>
public sealed class V4l2Buffers(string devicePath, int width, int height, bool mjpeg, Action<string> badFrame)
{
    /// <summary>The frame in <paramref name="buffer"/>, or null when it is a bad frame.</summary>
    public Frame? ToFrame(byte[] buffer)
    {
        if (!mjpeg)
        {
            var expected = Frame.PackedSize(FrameFormat.Yuyv, width, height);
            if (buffer.Length == expected)
                return Frame.Packed(FrameFormat.Yuyv, width, height, buffer);
            badFrame($"{devicePath} sent {buffer.Length} bytes, not the {expected} of a {width}x{height} YUYV frame");
            return null;
        }
        try
        {
            var frame = ImageFile.DecodeFrame(buffer);
            if (frame.Width == width && frame.Height == height)
                return frame;
            badFrame($"{devicePath} sent a {frame.Width}x{frame.Height} JPEG, not {width}x{height}");
        }
        catch (ImageFileException e)
        {
            badFrame($"{devicePath} sent a frame that does not decode: {e.Message}");
        }
        return null;
    }
}

using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Testing;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace EdgeSearch.Daemon.Tests.Capture;

/// <summary>What a USB camera hands over: whole frames pass, anything else is a bad frame, never an exception that
/// would take the camera for lost.</summary>
public class V4l2BuffersTests
{
    private readonly List<string> _bad = [];

    private V4l2Buffers Camera(bool mjpeg) => new("/dev/video0", 8, 6, mjpeg, _bad.Add);

    private static byte[] Jpeg(int width, int height)
    {
        using var image = new Image<Rgb24>(width, height, new Rgb24(90, 120, 150));
        using var stream = new MemoryStream();
        image.SaveAsJpeg(stream);
        return stream.ToArray();
    }

    [Fact]
    public void A_whole_mjpeg_frame_of_the_configured_size_is_a_frame()
    {
        var frame = Camera(mjpeg: true).ToFrame(Jpeg(8, 6));

        Assert.NotNull(frame);
        Assert.Equal((FrameFormat.Rgb24, 8, 6), (frame.Format, frame.Width, frame.Height));
        Assert.Empty(_bad);
    }

    [Fact]
    public void Damaged_or_foreign_or_resized_mjpeg_buffers_are_bad_frames()
    {
        var camera = Camera(mjpeg: true);
        var jpeg = Jpeg(8, 6);

        Assert.Null(camera.ToFrame(jpeg[..(jpeg.Length / 3)]));
        Assert.Null(camera.ToFrame(DecompressionBombs.AnimatedGif(7000, 7000, 400)));
        Assert.Null(camera.ToFrame(Jpeg(16, 12)));

        Assert.Equal(3, _bad.Count);
        Assert.All(_bad, problem => Assert.StartsWith("/dev/video0 sent", problem));
        Assert.Contains("16x12 JPEG, not 8x6", _bad[2]);
    }

    [Fact]
    public void A_yuyv_buffer_is_a_frame_only_at_its_full_length()
    {
        var camera = Camera(mjpeg: false);

        Assert.NotNull(camera.ToFrame(new byte[8 * 6 * 2]));
        Assert.Null(camera.ToFrame(new byte[8 * 6]));
        Assert.Equal(["/dev/video0 sent 48 bytes, not the 96 of a 8x6 YUYV frame"], _bad);
    }
}

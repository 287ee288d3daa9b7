using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeSearch.Core.Imaging;
using Iot.Device.Media;

namespace EdgeSearch.Daemon.Capture;

/// <summary>
/// A USB (UVC) camera through V4L2 (dotnet/iot <see cref="VideoDevice"/>), streaming YUYV or MJPEG at the
/// configured size and rate (the rate through <see cref="V4l2FrameRate"/>); the trigger picks the frames the pipeline takes.
/// </summary>
public sealed class V4l2Source(string devicePath, int width, int height, double fps, bool mjpeg, Action<string> badFrame, ILogger<V4l2Source> logger) : IFrameSource
{
    public string Description => $"v4l2:{devicePath} {width}x{height}@{fps.ToString(System.Globalization.CultureInfo.InvariantCulture)} {(mjpeg ? "MJPEG" : "YUYV")}";
    public bool IsLive => true;

    public async IAsyncEnumerable<Frame> ReadAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        var settings = new VideoConnectionSettings(BusId(devicePath), ((uint)width, (uint)height),
            mjpeg ? VideoPixelFormat.MJPEG : VideoPixelFormat.YUYV);
        using var device = VideoDevice.Create(settings);
        var buffers = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(2) { FullMode = BoundedChannelFullMode.DropOldest });
        device.NewImageBufferReady += (_, e) => buffers.Writer.TryWrite(e.ImageBuffer.AsSpan(0, e.Length).ToArray());
        var frames = new V4l2Buffers(devicePath, width, height, mjpeg, badFrame);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        device.StartCaptureContinuous();
        SetRate(devicePath, fps, logger);
        var capturing = Task.Run(() =>
        {
            try
            {
                device.CaptureContinuous(stop.Token);
                buffers.Writer.TryComplete(new IOException($"{devicePath} stopped streaming"));
            }
            catch (Exception e)
            {
                buffers.Writer.TryComplete(e);
            }
        }, CancellationToken.None);
        try
        {
            await foreach (var bytes in buffers.Reader.ReadAllAsync(cancellation))
                if (frames.ToFrame(bytes) is { } frame)
                    yield return frame;
        }
        finally
        {
            stop.Cancel();
            await capturing;
            device.StopCaptureContinuous();
        }
    }

    /// <summary>A camera that cannot take the rate still streams at its own, with a warning, rather than not at all.</summary>
    private static void SetRate(string devicePath, double fps, ILogger logger)
    {
        try
        {
            var granted = V4l2FrameRate.Set(V4l2FrameRate.DescriptorOf(devicePath), devicePath, fps);
            if (Math.Abs(granted - fps) > 0.01)
                logger.LogWarning("{Device} runs at {Granted:0.##} frames/s, not the {Fps} configured", devicePath, granted, fps);
        }
        catch (IOException e)
        {
            logger.LogWarning("{Error}; streaming at the camera's own rate", e.Message);
        }
    }

    /// <summary>/dev/video3 is bus 3, as VideoConnectionSettings counts them.</summary>
    private static int BusId(string devicePath) =>
        devicePath.StartsWith("/dev/video", StringComparison.Ordinal) && int.TryParse(devicePath.AsSpan("/dev/video".Length), out var bus)
            ? bus
            : throw new ArgumentException($"V4L2 device '{devicePath}' is not /dev/videoN.");
}

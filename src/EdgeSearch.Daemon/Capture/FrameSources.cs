using EdgeSearch.Daemon.Configuration;

namespace EdgeSearch.Daemon.Capture;

/// <summary>Builds the frame source a <c>--source</c> names.</summary>
public static class FrameSources
{
    public static IFrameSource Create(SourceSpec spec, DaemonOptions options, ILoggerFactory logs, TimeProvider time)
    {
        var camera = options.Camera;
        return spec.Kind switch
        {
            SourceKind.V4l2 => new V4l2Source(spec.Argument, camera.Width, camera.Height, camera.Fps, mjpeg: camera.PixelFormat == "mjpeg", logs.CreateLogger<V4l2Source>()),
            SourceKind.Rpicam => new RpicamSource(camera.RpicamCommand, camera.Width, camera.Height, camera.Fps, logs.CreateLogger<RpicamSource>()),
            _ => new ReplaySource(spec.Argument, ReplayFrames.Open(spec.Argument, problem => logs.CreateLogger<ReplaySource>().LogWarning("Replay image skipped: {Problem}", problem)), options.Replay.Fps, options.Replay.Loop, time),
        };
    }
}

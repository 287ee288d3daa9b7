using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Capture;

/// <summary>Builds the frame source a <c>--source</c> names.</summary>
public static class FrameSources
{
    /// <summary>How often a source that keeps meeting bad frames may say so.</summary>
    private static readonly TimeSpan SkippedReportInterval = TimeSpan.FromSeconds(10);

    public static IFrameSource Create(SourceSpec spec, DaemonOptions options, ILoggerFactory logs, PipelineMetrics metrics, TimeProvider time)
    {
        var camera = options.Camera;
        return spec.Kind switch
        {
            SourceKind.V4l2 => new V4l2Source(spec.Argument, camera.Width, camera.Height, camera.Fps, mjpeg: camera.PixelFormat == "mjpeg",
                BadFrames(logs.CreateLogger<V4l2Source>(), metrics, time), logs.CreateLogger<V4l2Source>()),
            SourceKind.Rpicam => new RpicamSource(camera.RpicamCommand, camera.Width, camera.Height, camera.Fps, logs.CreateLogger<RpicamSource>()),
            _ => new ReplaySource(spec.Argument, ReplayFrames.Open(spec.Argument, BadFrames(logs.CreateLogger<ReplaySource>(), metrics, time)),
                options.Replay.Fps, options.Replay.Loop, time),
        };
    }

    /// <summary>A skipped replay file or camera buffer counts as a bad frame and is logged at a limited rate.</summary>
    private static Action<string> BadFrames(ILogger logger, PipelineMetrics metrics, TimeProvider time)
    {
        var throttle = new LogThrottle(SkippedReportInterval, time);
        return problem =>
        {
            metrics.RecordBadFrame();
            if (throttle.TryPass(out var held))
                logger.LogWarning("Frame skipped (a bad frame): {Problem}{Held}", problem, LogThrottle.HeldBack(held));
        };
    }
}

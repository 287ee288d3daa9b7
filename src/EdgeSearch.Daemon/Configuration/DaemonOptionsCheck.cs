namespace EdgeSearch.Daemon.Configuration;

/// <summary>Finds every problem in a configuration before anything starts, so one message can list them all.</summary>
public static class DaemonOptionsCheck
{
    public static IReadOnlyList<string> Problems(DaemonOptions o)
    {
        var problems = new List<string>();
        RequirePath(problems, "model", o.Model, File.Exists, "file '{0}' does not exist");
        // A gallery that is not there yet is waited for (a first boot); a folder that is not there is a typo.
        RequirePath(problems, "gallery", o.Gallery, path => Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(path))),
            "folder of '{0}' does not exist");
        if (!SourceSpec.TryParse(o.Source, out _, out var sourceProblem))
            problems.Add(sourceProblem);
        if (o.Backend is not ("auto" or "managed" or "ort"))
            problems.Add($"backend '{o.Backend}' is not managed, ort or auto");
        if (o.Threads < 1)
            problems.Add($"Threads must be at least 1, not {o.Threads}");
        if (o.Decision.Threshold is { } threshold && !float.IsFinite(threshold))
            problems.Add($"Decision:Threshold must be a finite similarity, not {threshold}");
        if (o.MaxFrames < 0)
            problems.Add($"max-frames must be 0 (no limit) or more, not {o.MaxFrames}");
        if (o.QueueCapacity < 1)
            problems.Add($"QueueCapacity must be at least 1, not {o.QueueCapacity}");

        var camera = o.Camera;
        if (camera.Width <= 0 || camera.Height <= 0 || camera.Width % 2 != 0 || camera.Height % 2 != 0)
            problems.Add($"Camera size {camera.Width}x{camera.Height} must be positive and even");
        if (!(camera.Fps > 0))
            problems.Add($"Camera:Fps must be positive, not {camera.Fps}");
        if (camera.PixelFormat is not ("yuyv" or "mjpeg"))
            problems.Add($"Camera:PixelFormat '{camera.PixelFormat}' is not yuyv or mjpeg");
        if (!(camera.RetryInitialSeconds > 0) || camera.RetryMaxSeconds < camera.RetryInitialSeconds)
            problems.Add("Camera:RetryInitialSeconds must be positive and at most Camera:RetryMaxSeconds");
        if (o.Replay.Fps < 0)
            problems.Add($"Replay:Fps must be 0 (as fast as possible) or more, not {o.Replay.Fps}");

        var trigger = o.Trigger;
        if (trigger.Mode is not ("free-run" or "gpio"))
            problems.Add($"Trigger:Mode '{trigger.Mode}' is not free-run or gpio");
        if (trigger.Fps < 0)
            problems.Add($"Trigger:Fps must be 0 (every frame) or more, not {trigger.Fps}");
        if (trigger.Mode == "gpio" && trigger.Pin < 0)
            problems.Add("Trigger:Mode gpio needs Trigger:Pin");
        if (trigger.Edge is not ("rising" or "falling"))
            problems.Add($"Trigger:Edge '{trigger.Edge}' is not rising or falling");
        if (trigger.DebounceMs < 0)
            problems.Add($"Trigger:DebounceMs must not be negative, not {trigger.DebounceMs}");

        if (o.Roi is { } roi && (roi.X < 0 || roi.Y < 0 || roi.Width <= 0 || roi.Height <= 0))
            problems.Add($"Roi x={roi.X} y={roi.Y} {roi.Width}x{roi.Height} must have a non-negative origin and a positive size");
        if (!(o.Outputs.PulseMs > 0))
            problems.Add($"Outputs:PulseMs must be positive, not {o.Outputs.PulseMs}");
        if (o.DecisionLog.MaxBytes < 1024 || o.DecisionLog.Keep < 0)
            problems.Add("DecisionLog:MaxBytes must be at least 1024 and DecisionLog:Keep not negative");
        if (o.Evidence.MaxBytes < 1)
            problems.Add($"Evidence:MaxBytes must be positive, not {o.Evidence.MaxBytes}");
        if (!(o.Metrics.IntervalSeconds > 0))
            problems.Add($"Metrics:IntervalSeconds must be positive, not {o.Metrics.IntervalSeconds}");
        if (o.Metrics.PrometheusPort is < 0 or > 65535)
            problems.Add($"Metrics:PrometheusPort {o.Metrics.PrometheusPort} is not a TCP port (0 turns it off)");
        Web.WebOptionsCheck.Add(problems, o);
        problems.AddRange(o.Mqtt.Problems());
        return problems;
    }

    private static void RequirePath(List<string> problems, string name, string? path, Func<string, bool> exists, string missing)
    {
        if (string.IsNullOrWhiteSpace(path))
            problems.Add($"no {name}: give --{name} FILE");
        else if (!exists(path))
            problems.Add($"{name} {string.Format(missing, path)}");
    }
}

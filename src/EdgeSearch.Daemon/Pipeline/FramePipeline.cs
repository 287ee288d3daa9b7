using System.Diagnostics;
using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Sinks;
using EdgeSearch.Daemon.Systemd;
using Microsoft.Extensions.Hosting;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// camera → trigger → queue → match → outcome → sinks. Loading the model and gallery happens in
/// <see cref="StartAsync"/>, so the host reports READY only once they are in memory. The decision loop feeds
/// the watchdog; a frame that fails is counted and skipped; on shutdown the frame in hand is finished.
/// </summary>
public sealed class FramePipeline(
    Camera camera, ITrigger trigger, MatcherSlot matchers, DeviceStatus status, OutcomeRules rules, IEnumerable<IDecisionSink> sinks,
    PipelineMetrics metrics, Watchdog watchdog, PipelineLimits limits, IHostApplicationLifetime lifetime,
    TimeProvider time, ILogger<FramePipeline> logger) : BackgroundService
{
    /// <summary>How often one repeating failure (a full disk under the decision log, a model that fails every frame) may be logged.</summary>
    private static readonly TimeSpan FailureReportInterval = TimeSpan.FromSeconds(10);

    private readonly IDecisionSink[] _sinks = [.. sinks];
    private readonly LogThrottle _badFrames = new(FailureReportInterval, time);
    private readonly Dictionary<IDecisionSink, LogThrottle> _sinkFailures = sinks.ToDictionary(s => s, _ => new LogThrottle(FailureReportInterval, time));

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        matchers.Load();
        metrics.Camera = () => camera.State;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stopping)
    {
        if (!await WaitUntilDecidingAsync(stopping))
            return;
        var queue = new FrameQueue(limits.QueueCapacity, dropOldest: camera.IsLive);
        metrics.Dropped = () => queue.Dropped;
        using var captureStop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var capture = Task.Run(() => CaptureAsync(queue, captureStop.Token), CancellationToken.None);
        var finished = await DecideAsync(queue, stopping);
        await captureStop.CancelAsync();
        await capture;
        if (finished)
        {
            logger.LogInformation("Run complete: {Frames} frames", metrics.Snapshot().Frames);
            lifetime.StopApplication();
        }
    }

    /// <summary>The camera stays closed until there is a gallery to decide with; the watchdog is fed meanwhile.</summary>
    private async Task<bool> WaitUntilDecidingAsync(CancellationToken stopping)
    {
        while (!status.Deciding.IsCompleted)
        {
            watchdog.Beat();
            try
            {
                await status.Deciding.WaitAsync(watchdog.LoopPeriod, time, stopping);
            }
            catch (TimeoutException)
            {
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return true;
    }

    private async Task CaptureAsync(FrameQueue queue, CancellationToken cancellation)
    {
        try
        {
            await foreach (var frame in camera.FramesAsync(cancellation))
                if (trigger.Admit(frame))
                    await queue.WriteAsync(frame, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
        }
        finally
        {
            queue.Complete();
        }
    }

    /// <summary>True when the run ended by itself (the replay ran out, or max-frames was reached).</summary>
    private async Task<bool> DecideAsync(FrameQueue queue, CancellationToken stopping)
    {
        long taken = 0;
        while (!stopping.IsCancellationRequested)
        {
            watchdog.Beat();
            if (!queue.Reader.TryRead(out var frame))
            {
                if (!await WaitForFrameAsync(queue, stopping))
                    return true;
                continue;
            }
            Decide(frame);
            if (limits.MaxFrames > 0 && ++taken >= limits.MaxFrames)
                return true;
        }
        return false;
    }

    /// <summary>Waits at most one watchdog period, so an idle line still beats; false once capture has ended.</summary>
    private async Task<bool> WaitForFrameAsync(FrameQueue queue, CancellationToken stopping)
    {
        using var tick = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        tick.CancelAfter(watchdog.LoopPeriod);
        try
        {
            return await queue.Reader.WaitToReadAsync(tick.Token);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    private void Decide(CapturedFrame frame)
    {
        FrameResult result;
        try
        {
            var match = matchers.Current.Match(frame.Frame);
            result = new FrameResult(frame, match, rules.Classify(match), time.GetUtcNow(), Stopwatch.GetElapsedTime(frame.CapturedTimestamp));
        }
        catch (Exception e)
        {
            metrics.RecordBadFrame();
            if (_badFrames.TryPass(out var held))
                logger.LogWarning("Frame {Id} skipped: {Error}{Held}", frame.Id, e.Message, LogThrottle.HeldBack(held));
            return;
        }
        foreach (var sink in _sinks)
        {
            try
            {
                sink.Write(result);
            }
            catch (Exception e)
            {
                if (_sinkFailures[sink].TryPass(out var held))
                    logger.LogError("{Sink} failed on frame {Id}: {Error}{Held}", sink.GetType().Name, frame.Id, e.Message, LogThrottle.HeldBack(held));
            }
        }
    }
}

/// <summary>How much the pipeline holds and how long it runs.</summary>
public sealed record PipelineLimits(int QueueCapacity, long MaxFrames);

using System.Diagnostics;
using System.Runtime.CompilerServices;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Capture;

public enum CameraState
{
    Starting,
    Streaming,
    Lost,
    Ended,
}

/// <summary>
/// Keeps a frame source streaming: a lost camera is logged and reopened with exponential back-off while
/// the service stays up; <see cref="State"/> says how it is doing. Frames get their ids and timestamps here.
/// A replay that fails is not reopened: it would start its sequence again and decide the same parts twice; the
/// run ends with <see cref="Failure"/>.
/// </summary>
public sealed class Camera(IFrameSource source, TimeSpan retryInitial, TimeSpan retryMax, TimeProvider time, ILogger<Camera> logger)
{
    private long _nextId;
    private readonly string _run = RunId.New();
    private int _state = (int)CameraState.Starting;

    public CameraState State => (CameraState)Volatile.Read(ref _state);
    public string Description => source.Description;
    public bool IsLive => source.IsLive;

    /// <summary>How many times the source was lost and reopened.</summary>
    public long Reconnects { get; private set; }

    /// <summary>Why a replay ended before its end, or null.</summary>
    public string? Failure { get; private set; }

    public async IAsyncEnumerable<CapturedFrame> FramesAsync([EnumeratorCancellation] CancellationToken cancellation)
    {
        var delay = retryInitial;
        while (!cancellation.IsCancellationRequested)
        {
            var enumerator = source.ReadAsync(cancellation).GetAsyncEnumerator(cancellation);
            string? lost = null;
            try
            {
                while (true)
                {
                    try
                    {
                        if (!await enumerator.MoveNextAsync())
                            break;
                    }
                    catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
                    {
                        yield break;
                    }
                    catch (Exception e)
                    {
                        lost = e.Message;
                        break;
                    }
                    if (State != CameraState.Streaming)
                    {
                        SetState(CameraState.Streaming);
                        logger.LogInformation("Camera {Source} is streaming", source.Description);
                    }
                    delay = retryInitial;
                    yield return new CapturedFrame(Interlocked.Increment(ref _nextId), enumerator.Current,
                        time.GetUtcNow(), Stopwatch.GetTimestamp(), _run);
                }
            }
            finally
            {
                await enumerator.DisposeAsync();
            }
            if (!source.IsLive)
            {
                if (lost is not null)
                {
                    Failure = $"{source.Description} failed: {lost}";
                    logger.LogError("Camera {Source} failed ({Reason}); a replay is not restarted, the run ends", source.Description, lost);
                }
                SetState(CameraState.Ended);
                yield break;
            }
            SetState(CameraState.Lost);
            Reconnects++;
            logger.LogWarning("Camera {Source} lost ({Reason}); retrying in {Delay:0.0} s", source.Description,
                lost ?? "the stream ended", delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, time, cancellation);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, retryMax.Ticks));
        }
    }

    private void SetState(CameraState state) => Volatile.Write(ref _state, (int)state);
}

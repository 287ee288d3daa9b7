using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>A frame as it leaves the camera: its number in this run, when it was taken (wall clock, and a monotonic
/// stamp for latency), and the run it belongs to (<see cref="RunId"/>).</summary>
public sealed record CapturedFrame(long Id, Frame Frame, DateTimeOffset CapturedAt, long CapturedTimestamp, string Run = "")
{
    /// <summary>RUN-ID: unique across restarts, where <see cref="Id"/> alone restarts at 1.</summary>
    public string FrameId => $"{Run}-{Id}";
}

/// <summary>A decided frame, as every sink receives it.</summary>
public sealed record FrameResult(CapturedFrame Captured, FrameMatch Match, FrameOutcome Outcome, DateTimeOffset DecidedAt, TimeSpan Latency)
{
    /// <summary>The evidence image's file name once the evidence store has saved one; the sinks after it (the decision
    /// log, the operator page) report it.</summary>
    public string? Evidence { get; set; }
}

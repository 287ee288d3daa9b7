using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>A frame as it leaves the camera: its number and when it was taken (wall clock, and a monotonic stamp for latency).</summary>
public sealed record CapturedFrame(long Id, Frame Frame, DateTimeOffset CapturedAt, long CapturedTimestamp);

/// <summary>A decided frame, as every sink receives it.</summary>
public sealed record FrameResult(CapturedFrame Captured, FrameMatch Match, FrameOutcome Outcome, DateTimeOffset DecidedAt, TimeSpan Latency);

using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;

namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>Decided frames for sink tests: frame <c>id</c> decided <c>id</c> seconds after the epoch.</summary>
internal static class Results
{
    public static FrameResult Of(long id, FrameOutcome outcome, string label = "part", Frame? frame = null, double latencyMs = 1)
    {
        var decided = DateTimeOffset.UnixEpoch.AddSeconds(id);
        return new FrameResult(
            new CapturedFrame(id, frame ?? Frame.Packed(FrameFormat.Gray8, 2, 2, new byte[4]), decided, 0),
            new FrameMatch(label, outcome != FrameOutcome.Unknown, 0.5f, 0.125f), outcome, decided, TimeSpan.FromMilliseconds(latencyMs));
    }
}

using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Web;

namespace EdgeSearch.Daemon.Tests.Web;

public class RecentDecisionsTests
{
    private static FrameResult Decided(long id, FrameOutcome outcome, byte level, byte[] buffer)
    {
        Array.Fill(buffer, level);
        var result = Results.Of(id, outcome, frame: Frame.Packed(FrameFormat.Gray8, 4, 4, buffer));
        return result with { Captured = result.Captured with { Run = "run" } };
    }

    [Fact]
    public void It_keeps_the_latest_decisions_and_more_of_the_rejected_ones_and_no_more()
    {
        var recent = new RecentDecisions();
        var camera = new byte[16];
        // Every fifth frame a defect, the rest ok.
        for (var id = 1; id <= 200; id++)
            recent.Write(Decided(id, id % 5 == 0 ? FrameOutcome.Defect : FrameOutcome.Ok, (byte)id, camera));

        var kept = recent.List().Select(d => d.Captured.Id).ToList();
        var latest = Enumerable.Range(193, 8).Select(i => (long)i);
        var defects = Enumerable.Range(25, 16).Select(i => 5L * i);
        Assert.Equal(latest.Union(defects).OrderDescending(), kept);
    }

    [Fact]
    public void A_kept_frame_is_a_copy_that_the_camera_reusing_its_buffer_does_not_change()
    {
        var recent = new RecentDecisions();
        var camera = new byte[16];
        recent.Write(Decided(1, FrameOutcome.Unknown, 10, camera));
        recent.Write(Decided(2, FrameOutcome.Ok, 20, camera));

        var found = recent.Find("run-1")!;
        recent.Write(Decided(3, FrameOutcome.Ok, 30, camera));
        Assert.All(found.Captured.Frame.Pixels.ToArray(), p => Assert.Equal(10, p));
        Assert.All(recent.Find("run-1")!.Captured.Frame.Pixels.ToArray(), p => Assert.Equal(10, p));
        Assert.Null(recent.Find("run-99"));
    }
}

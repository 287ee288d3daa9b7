using Microsoft.Extensions.Time.Testing;

namespace EdgeSearch.Daemon.Tests;

public class StopGuardTests
{
    [Fact]
    public void A_stop_that_hangs_past_the_timeout_ends_the_process_once()
    {
        var time = new FakeTimeProvider();
        var exits = new List<string>();
        using var guard = new StopGuard(TimeSpan.FromSeconds(20), time, exits.Add);

        guard.Arm("SIGTERM");
        time.Advance(TimeSpan.FromSeconds(19));
        Assert.Empty(exits);
        guard.Arm("SIGTERM");
        time.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(["did not stop within 20 s of SIGTERM; exiting"], exits);
    }

    [Fact]
    public void A_stop_that_finishes_in_time_does_not_end_the_process()
    {
        var time = new FakeTimeProvider();
        var exits = new List<string>();
        using (var guard = new StopGuard(TimeSpan.FromSeconds(20), time, exits.Add))
            guard.Arm("SIGTERM");
        time.Advance(TimeSpan.FromMinutes(1));

        Assert.Empty(exits);
    }
}

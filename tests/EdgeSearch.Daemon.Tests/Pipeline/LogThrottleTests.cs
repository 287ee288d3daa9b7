using EdgeSearch.Daemon.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace EdgeSearch.Daemon.Tests.Pipeline;

public class LogThrottleTests
{
    [Fact]
    public void A_repeated_problem_passes_once_per_interval_and_counts_what_it_held_back()
    {
        var time = new FakeTimeProvider();
        var throttle = new LogThrottle(TimeSpan.FromSeconds(10), time);

        Assert.True(throttle.TryPass(out var held));
        Assert.Equal(0, held);
        var passed = 0;
        for (var i = 0; i < 925; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(4));
            if (throttle.TryPass(out held))
                passed++;
        }
        Assert.Equal(0, passed);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.True(throttle.TryPass(out held));
        Assert.Equal(925, held);
    }
}

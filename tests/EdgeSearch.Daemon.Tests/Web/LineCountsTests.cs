using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Daemon.Web;
using Microsoft.Extensions.Time.Testing;

namespace EdgeSearch.Daemon.Tests.Web;

public class LineCountsTests
{
    private static readonly TimeOnly[] Shifts = [new(6, 0), new(14, 0), new(22, 0)];

    /// <summary>A decision at a UTC time of day on 1 March 2030.</summary>
    private static FrameResult At(int hour, int minute, FrameOutcome outcome, string label)
    {
        var result = Results.Of(1, outcome, label);
        return result with { DecidedAt = new DateTimeOffset(2030, 3, 1, hour, minute, 0, TimeSpan.Zero) };
    }

    [Fact]
    public void The_hour_and_the_shift_count_by_outcome_and_label_and_start_empty()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 1, 14, 59, 0, TimeSpan.Zero));
        var counts = new LineCounts(Shifts, TimeZoneInfo.Utc, time);
        counts.Write(At(13, 50, FrameOutcome.Ok, "washer-good"));
        counts.Write(At(14, 10, FrameOutcome.Ok, "washer-good"));
        counts.Write(At(14, 20, FrameOutcome.Defect, "washer-chip"));
        counts.Write(At(14, 30, FrameOutcome.Unknown, "washer-chip"));
        counts.Write(At(14, 40, FrameOutcome.Ok, "washer-good"));

        var (hour, shift) = counts.Read();
        Assert.Equal(new DateTimeOffset(2030, 3, 1, 14, 0, 0, TimeSpan.Zero), hour.Start);
        Assert.Equal(4, hour.Total);
        Assert.Equal([2L, 1, 1], [hour.Outcomes[FrameOutcome.Ok], hour.Outcomes[FrameOutcome.Defect], hour.Outcomes[FrameOutcome.Unknown]]);
        Assert.Equal(0.5, hour.Yield);
        Assert.Equal(new Dictionary<string, long> { ["washer-chip"] = 2, ["washer-good"] = 2 }, hour.Labels);
        // The 13:50 part belongs to the shift that ended at 14:00.
        Assert.Equal(new DateTimeOffset(2030, 3, 1, 14, 0, 0, TimeSpan.Zero), shift.Start);
        Assert.Equal(4, shift.Total);

        time.Advance(TimeSpan.FromMinutes(2));
        var (nextHour, sameShift) = counts.Read();
        Assert.Equal(0, nextHour.Total);
        Assert.Null(nextHour.Yield);
        Assert.Equal(4, sameShift.Total);
    }

    [Fact]
    public void The_night_shift_runs_past_midnight()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 3, 2, 1, 0, 0, TimeSpan.Zero));
        var counts = new LineCounts(Shifts, TimeZoneInfo.Utc, time);
        counts.Write(At(23, 0, FrameOutcome.Defect, "gear-crack"));
        counts.Write(At(23, 0, FrameOutcome.Ok, "gear-good") with { DecidedAt = new DateTimeOffset(2030, 3, 2, 0, 30, 0, TimeSpan.Zero) });

        var shift = counts.Read().Shift;
        Assert.Equal(new DateTimeOffset(2030, 3, 1, 22, 0, 0, TimeSpan.Zero), shift.Start);
        Assert.Equal(2, shift.Total);
    }
}

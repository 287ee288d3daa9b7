using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Sinks;

namespace EdgeSearch.Daemon.Web;

/// <summary>
/// Decisions counted per outcome and per label for the current hour and the current shift, in the device's local
/// time: the yield, rejects and unknowns a line lead asks for. A period starts empty when its hour or shift begins.
/// </summary>
public sealed class LineCounts(TimeOnly[] shiftStarts, TimeZoneInfo zone, TimeProvider time) : IDecisionSink
{
    private readonly Lock _lock = new();
    private readonly Period _hour = new(), _shift = new();

    public void Write(FrameResult result)
    {
        var local = TimeZoneInfo.ConvertTime(result.DecidedAt, zone);
        lock (_lock)
        {
            _hour.Count(HourStart(local), result);
            _shift.Count(ShiftStart(local), result);
        }
    }

    /// <summary>The counts of the hour and the shift that are current now (empty when nothing was decided in them yet).</summary>
    public (PeriodCounts Hour, PeriodCounts Shift) Read()
    {
        var now = TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone);
        lock (_lock)
            return (_hour.Read(HourStart(now)), _shift.Read(ShiftStart(now)));
    }

    private static DateTimeOffset HourStart(DateTimeOffset local) =>
        new(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset);

    /// <summary>The latest shift start at or before this time, yesterday's last one before today's first.</summary>
    private DateTimeOffset ShiftStart(DateTimeOffset local)
    {
        var today = new DateTimeOffset(local.Date, local.Offset);
        var started = shiftStarts.LastOrDefault(s => s <= TimeOnly.FromDateTime(local.DateTime), shiftStarts[^1]);
        var day = started <= TimeOnly.FromDateTime(local.DateTime) ? today : today.AddDays(-1);
        return day + started.ToTimeSpan();
    }

    private sealed class Period
    {
        private DateTimeOffset _start;
        private readonly long[] _outcomes = new long[Enum.GetValues<FrameOutcome>().Length];
        private readonly Dictionary<string, long> _labels = new(StringComparer.Ordinal);

        public void Count(DateTimeOffset start, FrameResult result)
        {
            if (start != _start)
            {
                _start = start;
                Array.Clear(_outcomes);
                _labels.Clear();
            }
            _outcomes[(int)result.Outcome]++;
            _labels[result.Match.Label] = _labels.GetValueOrDefault(result.Match.Label) + 1;
        }

        public PeriodCounts Read(DateTimeOffset start) => start == _start
            ? new PeriodCounts(start, Enum.GetValues<FrameOutcome>().ToDictionary(o => o, o => _outcomes[(int)o]), new SortedDictionary<string, long>(_labels, StringComparer.Ordinal))
            : new PeriodCounts(start, Enum.GetValues<FrameOutcome>().ToDictionary(o => o, _ => 0L), new SortedDictionary<string, long>(StringComparer.Ordinal));
    }
}

/// <summary>Decisions in one period since <paramref name="Start"/> (local time); the yield is OK parts over all decided.</summary>
public sealed record PeriodCounts(DateTimeOffset Start, IReadOnlyDictionary<FrameOutcome, long> Outcomes, IReadOnlyDictionary<string, long> Labels)
{
    public long Total => Outcomes.Values.Sum();
    public double? Yield => Total == 0 ? null : (double)Outcomes[FrameOutcome.Ok] / Total;
}

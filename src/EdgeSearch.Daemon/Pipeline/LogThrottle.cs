namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// Lets a repeated problem into the log at most once per interval and counts what it held back, so a full disk or
/// a folder of bad images cannot flood the journal (a full disk once wrote 925 lines in 4 s).
/// </summary>
public sealed class LogThrottle(TimeSpan interval, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long? _lastPassed;
    private int _held;

    /// <summary>True when this occurrence should be logged; <paramref name="held"/> is how many were held back since the last one.</summary>
    public bool TryPass(out int held)
    {
        lock (_lock)
        {
            if (_lastPassed is { } last && time.GetElapsedTime(last) < interval)
            {
                _held++;
                held = 0;
                return false;
            }
            _lastPassed = time.GetTimestamp();
            held = _held;
            _held = 0;
            return true;
        }
    }

    /// <summary>" (N more held back)" after a message that follows held-back ones, else nothing.</summary>
    public static string HeldBack(int held) => held > 0 ? $" ({held} more since the last report)" : "";
}

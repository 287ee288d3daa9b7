namespace EdgeSearch.Daemon.Systemd;

/// <summary>
/// systemd's watchdog, fed from the pipeline loop itself: each pass of the loop calls <see cref="Beat"/>,
/// which sends WATCHDOG=1 when half the interval has passed since the last one. A stuck loop stops beating,
/// so systemd restarts the service. Beats start once READY=1 has been sent. <see cref="LoopPeriod"/> tells the loop how long it may wait for a frame.
/// </summary>
public sealed class Watchdog(NotifySocket notifier, TimeSpan? interval, TimeProvider time)
{
    private long? _lastSent;

    public static readonly TimeSpan IdlePeriod = TimeSpan.FromSeconds(1);

    /// <summary>Reads WATCHDOG_USEC (and WATCHDOG_PID, which must be ours when set); null when there is no watchdog.</summary>
    public static TimeSpan? IntervalFrom(string? usec, string? pid)
    {
        if (pid is not null && pid != Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            return null;
        return long.TryParse(usec, out var microseconds) && microseconds > 0 ? TimeSpan.FromMicroseconds(microseconds) : null;
    }

    public bool IsEnabled => interval is not null && notifier.IsEnabled;

    /// <summary>A quarter of the interval, so a beat lands well inside each half interval.</summary>
    public TimeSpan LoopPeriod => IsEnabled ? interval!.Value / 4 : IdlePeriod;

    public void Beat()
    {
        if (!IsEnabled || !notifier.IsReady || (_lastSent is { } last && time.GetElapsedTime(last) < interval!.Value / 2))
            return;
        _lastSent = time.GetTimestamp();
        notifier.Send("WATCHDOG=1");
    }
}

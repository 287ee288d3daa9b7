namespace EdgeSearch.Daemon.Systemd;

/// <summary>What systemd tells a Type=notify service through its environment. <paramref name="JournalStream"/> is set
/// when standard output goes to the journal, which stamps each line itself.</summary>
public sealed record SystemdEnvironment(string? NotifySocket, TimeSpan? WatchdogInterval, string? JournalStream = null)
{
    public static SystemdEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET"),
        Watchdog.IntervalFrom(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID")),
        Environment.GetEnvironmentVariable("JOURNAL_STREAM"));
}

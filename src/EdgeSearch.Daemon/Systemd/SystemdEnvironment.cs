namespace EdgeSearch.Daemon.Systemd;

/// <summary>What systemd tells a Type=notify service through its environment.</summary>
public sealed record SystemdEnvironment(string? NotifySocket, TimeSpan? WatchdogInterval)
{
    public static SystemdEnvironment FromProcess() => new(
        Environment.GetEnvironmentVariable("NOTIFY_SOCKET"),
        Watchdog.IntervalFrom(Environment.GetEnvironmentVariable("WATCHDOG_USEC"), Environment.GetEnvironmentVariable("WATCHDOG_PID")));
}

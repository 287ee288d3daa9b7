namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// Names one start of the daemon, so frame numbers (which restart at 1) still give ids unique across restarts:
/// the leading 16 hex digits of a version-7 GUID, 48 bits of start time in milliseconds and 12 random bits. Time
/// first keeps the ids of later runs sorting later; the random bits keep two starts in one millisecond (or a Pi's
/// clock set back before NTP) apart.
/// </summary>
public static class RunId
{
    public static string New() => Guid.CreateVersion7().ToString("N")[..16];
}

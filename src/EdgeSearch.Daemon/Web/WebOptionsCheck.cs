using System.Globalization;
using System.Net;
using EdgeSearch.Daemon.Configuration;

namespace EdgeSearch.Daemon.Web;

/// <summary>The operator page's and the metrics' network settings, checked with the rest of the configuration.</summary>
public static class WebOptionsCheck
{
    public static void Add(List<string> problems, DaemonOptions o)
    {
        if (o.Web.Port is < 0 or > 65535)
            problems.Add($"Web:Port {o.Web.Port} is not a TCP port (0 turns the page off)");
        foreach (var (key, address) in new[] { ("Web:Address", o.Web.Address), ("Metrics:Address", o.Metrics.Address) })
            if (!IPAddress.TryParse(address, out _))
                problems.Add($"{key} '{address}' is not an IP address (127.0.0.1, 0.0.0.0, ::1 ...)");
        foreach (var shift in o.Web.Shifts)
            if (!TimeOnly.TryParseExact(shift, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                problems.Add($"Web:Shifts '{shift}' is not a time of day as HH:mm");
    }

    /// <summary>Shift start times, earliest first; three 8-hour shifts from 06:00 unless configured.</summary>
    public static TimeOnly[] Shifts(WebOptions web) =>
        [.. (web.Shifts.Count > 0 ? web.Shifts : ["06:00", "14:00", "22:00"])
            .Select(s => TimeOnly.ParseExact(s, "HH:mm", CultureInfo.InvariantCulture)).Order()];
}

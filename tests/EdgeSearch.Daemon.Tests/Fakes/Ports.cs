using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>TCP ports for servers under test, and what the kernel says listens on them.</summary>
internal static class Ports
{
    public static int Free()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>Local addresses (hex, as the kernel writes them) of sockets listening (state 0A) on the port.</summary>
    public static List<string> ListeningAddresses(string table, int port) =>
    [
        .. File.ReadLines(table).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f[3] == "0A" && int.Parse(f[1].Split(':')[1], NumberStyles.HexNumber) == port)
            .Select(f => f[1].Split(':')[0]),
    ];
}

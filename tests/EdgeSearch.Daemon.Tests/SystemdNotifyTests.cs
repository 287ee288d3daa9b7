using System.Net.Sockets;
using System.Text;
using EdgeSearch.Daemon.Systemd;
using EdgeSearch.Daemon.Tests.Fakes;

namespace EdgeSearch.Daemon.Tests;

public class SystemdNotifyTests
{
    [Fact]
    public async Task Ready_then_watchdog_while_the_loop_runs_none_while_it_is_stalled_then_stopping()
    {
        using var run = new DaemonRun();
        var socketPath = run.Path("notify.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        socket.ReceiveTimeout = 10_000;
        var systemd = new SystemdEnvironment(socketPath, TimeSpan.FromMilliseconds(200));

        var exit = run.StartAsync(["--model", run.Model, "--gallery", run.Gallery, "--source", "rpicam"],
            camera: new FakeCameraSource(), systemd: systemd);

        Assert.Equal("READY=1", Receive(socket));
        Assert.Equal("WATCHDOG=1", Receive(socket));
        Assert.Equal("WATCHDOG=1", Receive(socket));

        // Hang the engine: once the loop is stuck inside it, whatever was sent before is drained and nothing more comes.
        run.Matcher.Stall.Reset();
        Assert.True(run.Matcher.Stalled.Wait(TimeSpan.FromSeconds(10)));
        socket.ReceiveTimeout = 1;
        while (TryReceive(socket) is not null) { }
        socket.ReceiveTimeout = 1000; // five watchdog half-intervals
        Assert.Null(TryReceive(socket));

        // Unstuck, it beats again; a stop says STOPPING=1.
        socket.ReceiveTimeout = 10_000;
        run.Matcher.Stall.Set();
        Assert.Equal("WATCHDOG=1", Receive(socket));
        (await run.Lifetime.Task).StopApplication();
        string? message;
        do
            message = Receive(socket);
        while (message == "WATCHDOG=1");
        Assert.Equal("STOPPING=1", message);
        Assert.Equal(0, await exit);
    }

    [Fact]
    public void Watchdog_interval_comes_from_systemd_only_for_this_process()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), Watchdog.IntervalFrom("10000000", null));
        Assert.Equal(TimeSpan.FromSeconds(10), Watchdog.IntervalFrom("10000000", Environment.ProcessId.ToString()));
        Assert.Null(Watchdog.IntervalFrom("10000000", "1"));
        Assert.Null(Watchdog.IntervalFrom(null, null));
        Assert.Null(Watchdog.IntervalFrom("0", null));
    }

    private static string Receive(Socket socket) =>
        TryReceive(socket) ?? throw new TimeoutException("No notification arrived.");

    private static string? TryReceive(Socket socket)
    {
        var buffer = new byte[256];
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, socket.Receive(buffer));
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            return null;
        }
    }
}

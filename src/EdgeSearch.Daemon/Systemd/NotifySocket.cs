using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Hosting.Systemd;

namespace EdgeSearch.Daemon.Systemd;

/// <summary>
/// sd_notify over the NOTIFY_SOCKET unix datagram socket (a leading '@' names an abstract socket). Implements
/// the Hosting.Systemd notifier interface so its lifetime sends READY=1 and STOPPING=1 through it, while the
/// pipeline sends WATCHDOG=1. Sends are best effort: a service must not die because its manager went away.
/// </summary>
public sealed class NotifySocket : ISystemdNotifier, IDisposable
{
    private readonly UnixDomainSocketEndPoint? _endPoint;
    private readonly Socket? _socket;

    public NotifySocket(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return;
        _endPoint = new UnixDomainSocketEndPoint(path[0] == '@' ? "\0" + path[1..] : path);
        _socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    }

    public bool IsEnabled => _socket is not null;

    /// <summary>Whether READY=1 has gone out; watchdog pings before it would race the manager's start-up.</summary>
    public bool IsReady => _ready;

    private volatile bool _ready;

    public void Notify(ServiceState state)
    {
        var message = state.ToString();
        Send(message);
        if (message == "READY=1")
            _ready = true;
    }

    public void Send(string message)
    {
        if (_socket is null)
            return;
        try
        {
            _socket.SendTo(Encoding.UTF8.GetBytes(message), _endPoint!);
        }
        catch (SocketException)
        {
        }
    }

    public void Dispose() => _socket?.Dispose();
}

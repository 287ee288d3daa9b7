using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeSearch.Daemon.Tests.Mqtt;

/// <summary>
/// A real Mosquitto (Debian's mosquitto package) on 127.0.0.1 and a free port, with its own configuration and
/// persistence in a temporary folder, so a stop (SIGTERM, as an orderly broker shutdown) and a start keep the
/// sessions and queued messages of persistent subscribers. <paramref name="extraConfig"/> adds lines (a password
/// file, TLS).
/// </summary>
internal sealed class MosquittoBroker : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("mosquitto-test").FullName;
    private readonly string _config;
    private Process? _process;

    /// <param name="before">Runs before the first start, to write files the configuration names.</param>
    public MosquittoBroker(string extraConfig = "", Action? before = null)
    {
        Port = FreePort();
        _config = System.IO.Path.Combine(_folder, "mosquitto.conf");
        File.WriteAllText(_config, $"""
            listener {Port} 127.0.0.1
            allow_anonymous {(extraConfig.Contains("password_file") ? "false" : "true")}
            persistence true
            persistence_location {_folder}/
            max_queued_messages 0
            user {Environment.UserName}
            log_dest file {_folder}/mosquitto.log
            {extraConfig}
            """);
        before?.Invoke();
        Start();
    }

    public int Port { get; }
    public string Folder => _folder;

    public string Path(string name) => System.IO.Path.Combine(_folder, name);

    public void Start()
    {
        try
        {
            _process = Process.Start(new ProcessStartInfo("mosquitto", ["-c", _config]) { UseShellExecute = false })!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("no mosquitto to test against: apt-get install mosquitto mosquitto-clients (.ci/run does)", e);
        }
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Accepts())
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"mosquitto is not listening on {Port}: {File.ReadAllText(Path("mosquitto.log"))}");
            Thread.Sleep(20);
        }
    }

    /// <summary>An orderly shutdown: Mosquitto saves its sessions and queued messages, then exits.</summary>
    public void Stop()
    {
        using (var term = Process.Start("kill", ["-TERM", _process!.Id.ToString()]))
            term.WaitForExit();
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
            throw new InvalidOperationException("mosquitto did not stop");
        _process.Dispose();
        _process = null;
    }

    private bool Accepts()
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        if (_process is { HasExited: false })
            _process.Kill();
        _process?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

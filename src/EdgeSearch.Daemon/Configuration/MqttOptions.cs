namespace EdgeSearch.Daemon.Configuration;

/// <summary>
/// Where decisions go beyond the device: an MQTT broker. Decisions are published to
/// <c>edgesearch/LINE/DEVICE/decision</c> and the daemon's state, retained, to <c>edgesearch/LINE/DEVICE/status</c>.
/// </summary>
public sealed class MqttOptions
{
    /// <summary>The broker's host name or address; none (the default) publishes nothing.</summary>
    public string? Host { get; set; }

    /// <summary>The broker's port; 0 means 1883, or 8883 with TLS.</summary>
    public int Port { get; set; }

    /// <summary>The production line, the topic's second level.</summary>
    public string Line { get; set; } = "line";

    /// <summary>This device, the topic's third level and the client id's end; the host name when none.</summary>
    public string? Device { get; set; }

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>TLS to the broker, its certificate checked against the system's CAs or <see cref="CaFile"/>.</summary>
    public bool Tls { get; set; }

    /// <summary>A PEM file of the CA that signed the broker's certificate (a plant's own CA).</summary>
    public string? CaFile { get; set; }

    /// <summary>The store-and-forward queue (SQLite); none means mqtt-queue.db beside the gallery.</summary>
    public string? QueuePath { get; set; }

    /// <summary>Bytes of decisions the queue holds while the broker is away; beyond it the oldest are dropped and counted.</summary>
    public long QueueMaxBytes { get; set; } = 64L * 1024 * 1024;

    public double KeepAliveSeconds { get; set; } = 15;

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);

    public int BrokerPort => Port > 0 ? Port : Tls ? 8883 : 1883;

    public string DeviceName => string.IsNullOrWhiteSpace(Device) ? Environment.MachineName : Device;

    public string Topic(string leaf) => $"edgesearch/{Line}/{DeviceName}/{leaf}";

    public string QueueFile(string gallery) =>
        string.IsNullOrWhiteSpace(QueuePath) ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(gallery))!, "mqtt-queue.db") : QueuePath;

    /// <summary>Problems with these options, for <see cref="DaemonOptionsCheck"/>.</summary>
    public IEnumerable<string> Problems()
    {
        if (!Enabled)
            yield break;
        if (Port is < 0 or > 65535)
            yield return $"Mqtt:Port {Port} is not a TCP port (0 takes 1883, or 8883 with TLS)";
        foreach (var (key, level) in new[] { ("Mqtt:Line", Line), ("Mqtt:Device", DeviceName) })
            if (string.IsNullOrWhiteSpace(level) || level.IndexOfAny(['/', '+', '#']) >= 0)
                yield return $"{key} '{level}' must be a topic level: not empty, without '/', '+' or '#'";
        if (string.IsNullOrEmpty(Username) && !string.IsNullOrEmpty(Password))
            yield return "Mqtt:Password needs Mqtt:Username";
        if (!string.IsNullOrWhiteSpace(CaFile) && !File.Exists(CaFile))
            yield return $"Mqtt:CaFile '{CaFile}' does not exist";
        if (!string.IsNullOrWhiteSpace(CaFile) && !Tls)
            yield return "Mqtt:CaFile needs Mqtt:Tls true";
        if (QueueMaxBytes < 64 * 1024)
            yield return $"Mqtt:QueueMaxBytes must be at least 65536, not {QueueMaxBytes}";
        if (!(KeepAliveSeconds >= 1))
            yield return $"Mqtt:KeepAliveSeconds must be at least 1, not {KeepAliveSeconds}";
    }
}

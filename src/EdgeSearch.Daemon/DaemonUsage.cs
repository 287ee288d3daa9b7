using System.Reflection;

namespace EdgeSearch.Daemon;

/// <summary>What <c>edgesearchd --help</c> and <c>--version</c> print; they answer before any configuration is read.</summary>
public static class DaemonUsage
{
    public static string Version { get; } =
        typeof(DaemonUsage).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    public const string Help = """
        edgesearchd: camera frames -> embedding -> gallery search -> decision on GPIO pins, a decision log and MQTT.

        Usage: edgesearchd [--config FILE] [--model FILE] [--gallery FILE] [--source SOURCE] [--Key:Sub VALUE ...]

          --config FILE        a JSON configuration over /etc/edgesearch/edgesearch.json
          --model FILE         the ONNX model
          --gallery FILE       the gallery enrolled with that model (waited for when it is not there yet)
          --source SOURCE      rpicam, v4l2:/dev/videoN, or replay:DIR
          --max-frames N       stop after N decisions (0: run until stopped)
          --decision-log FILE  the JSON Lines decision log
          --Key:Sub VALUE      any configuration key, e.g. --Mqtt:Host broker.plant --Outputs:Required true;
                               EDGESEARCH_Key__Sub variables do the same
          --help, --version    this text, or the version

        Exit codes: 0 stopped, 2 invalid configuration, 3 cannot start, 4 replay failed, 5 did not stop in time.
        Every key is described in /usr/share/doc/edgesearch/deploy.md (docs/deploy.md in the repository).
        """;

    /// <summary>Writes the help or the version when asked; false when the arguments ask for neither.</summary>
    public static bool TryAnswer(string[] args, TextWriter output)
    {
        if (args.Any(a => a is "--help" or "-h"))
            output.WriteLine(Help);
        else if (args.Any(a => a is "--version"))
            output.WriteLine($"edgesearchd {Version}");
        else
            return false;
        output.Flush();
        return true;
    }
}

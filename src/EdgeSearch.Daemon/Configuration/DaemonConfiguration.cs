using Microsoft.Extensions.Configuration;

namespace EdgeSearch.Daemon.Configuration;

/// <summary>
/// Reads the configuration in rising precedence: /etc/edgesearch/edgesearch.json (if present), the --config
/// file, EDGESEARCH_ environment variables (EDGESEARCH_Model, EDGESEARCH_DecisionLog__Path), the command line.
/// </summary>
public static class DaemonConfiguration
{
    public const string SystemFile = "/etc/edgesearch/edgesearch.json";

    private static readonly Dictionary<string, string> Switches = new(StringComparer.Ordinal)
    {
        ["--model"] = "Model",
        ["--gallery"] = "Gallery",
        ["--source"] = "Source",
        ["--max-frames"] = "MaxFrames",
        ["--decision-log"] = "DecisionLog:Path",
        ["--config"] = "ConfigFile",
    };

    /// <summary>The configuration and the options bound from it; throws <see cref="InvalidConfigurationException"/> listing every problem.</summary>
    public static (IConfiguration Configuration, DaemonOptions Options) Load(string[] args, string systemFile = SystemFile)
    {
        try
        {
            var commandLine = new ConfigurationBuilder().AddCommandLine(args, Switches).Build();
            var builder = new ConfigurationBuilder().AddJsonFile(systemFile, optional: true, reloadOnChange: false);
            if (commandLine["ConfigFile"] is { } file)
            {
                if (!File.Exists(file))
                    throw new InvalidConfigurationException([$"config file '{file}' does not exist"]);
                builder.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
            }
            var configuration = builder.AddEnvironmentVariables("EDGESEARCH_").AddCommandLine(args, Switches).Build();
            var options = configuration.Get<DaemonOptions>(o => o.ErrorOnUnknownConfiguration = false) ?? new DaemonOptions();
            var problems = DaemonOptionsCheck.Problems(options);
            if (problems.Count > 0)
                throw new InvalidConfigurationException(problems);
            return (configuration, options);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or InvalidDataException)
        {
            // Unknown switches, a switch with no value, malformed JSON, or a value of the wrong type.
            throw new InvalidConfigurationException([e.InnerException?.Message is { } inner ? $"{e.Message} {inner}" : e.Message]);
        }
    }
}

public sealed class InvalidConfigurationException(IReadOnlyList<string> problems)
    : Exception("invalid configuration: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

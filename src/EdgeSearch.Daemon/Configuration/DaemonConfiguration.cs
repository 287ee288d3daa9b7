using Microsoft.Extensions.Configuration;

namespace EdgeSearch.Daemon.Configuration;

/// <summary>
/// Reads the configuration in rising precedence: /etc/edgesearch/edgesearch.json (if present), the --config
/// file, the operator page's settings file (if present, <see cref="OperatorFile"/>), EDGESEARCH_ environment
/// variables (EDGESEARCH_Model, EDGESEARCH_DecisionLog__Path), the command line.
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
            if (commandLine["ConfigFile"] is { } file && !File.Exists(file))
                throw new InvalidConfigurationException([$"config file '{file}' does not exist"]);
            IConfigurationRoot Build(string? operatorFile)
            {
                var builder = new ConfigurationBuilder().AddJsonFile(systemFile, optional: true, reloadOnChange: false);
                foreach (var json in new[] { commandLine["ConfigFile"], operatorFile }.OfType<string>())
                    builder.AddJsonFile(Path.GetFullPath(json), optional: false, reloadOnChange: false);
                return builder.AddEnvironmentVariables("EDGESEARCH_").AddCommandLine(args, Switches).Build();
            }
            var configuration = Build(null);
            // The operator page's changes lie above the files and below the variables and the command line.
            if (OperatorFile(configuration["Web:SettingsFile"], configuration["Gallery"]) is var operatorFile && File.Exists(operatorFile))
                configuration = Build(operatorFile);
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

    /// <summary>Where the operator page saves its changes: Web:SettingsFile, or edgesearch.operator.json beside the gallery.</summary>
    public static string OperatorFile(string? configured, string? gallery) =>
        !string.IsNullOrEmpty(configured) ? configured
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(string.IsNullOrEmpty(gallery) ? "gallery.db" : gallery))!, "edgesearch.operator.json");
}

public sealed class InvalidConfigurationException(IReadOnlyList<string> problems)
    : Exception("invalid configuration: " + string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}

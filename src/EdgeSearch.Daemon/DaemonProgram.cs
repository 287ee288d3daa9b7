using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeSearch.Daemon;

/// <summary>
/// edgesearchd's exit codes: 0 after a clean stop, 2 for an invalid configuration (nothing was started),
/// 3 when the service could not start (for example a model and gallery that do not belong together).
/// The unit file tells systemd not to restart on 2 or 3: retrying cannot fix them.
/// </summary>
public static class DaemonProgram
{
    public const int InvalidConfiguration = 2;
    public const int CannotStart = 3;

    public static async Task<int> RunAsync(string[] args, SystemdEnvironment systemd, TextWriter errors,
        Action<IServiceCollection>? replace = null, string systemFile = DaemonConfiguration.SystemFile)
    {
        Microsoft.Extensions.Configuration.IConfiguration configuration;
        DaemonOptions options;
        try
        {
            (configuration, options) = DaemonConfiguration.Load(args, systemFile);
        }
        catch (InvalidConfigurationException e)
        {
            await errors.WriteLineAsync($"edgesearchd: {e.Message}");
            return InvalidConfiguration;
        }
        using var host = DaemonHost.Build(configuration, options, systemd, replace);
        try
        {
            await host.StartAsync();
        }
        catch (Exception e)
        {
            await errors.WriteLineAsync($"edgesearchd: cannot start: {e.Message}");
            return CannotStart;
        }
        await host.WaitForShutdownAsync();
        return 0;
    }
}

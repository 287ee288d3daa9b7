using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Configuration;
using EdgeSearch.Daemon.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EdgeSearch.Daemon;

/// <summary>
/// edgesearchd's exit codes: 0 after a clean stop, 2 for an invalid configuration (nothing was started),
/// 3 when the service could not start (for example a model and gallery that do not belong together),
/// 4 when a replay ended in failure (no frame could be decoded, or its folder could not be read),
/// 5 when it did not stop within <see cref="DaemonHost.StopTimeout"/> of SIGTERM and ended itself.
/// The unit file tells systemd not to restart on 2 or 3: retrying cannot fix them.
/// </summary>
public static class DaemonProgram
{
    public const int InvalidConfiguration = 2;
    public const int CannotStart = 3;
    public const int ReplayFailed = 4;
    public const int DidNotStop = 5;

    public static async Task<int> RunAsync(string[] args, SystemdEnvironment systemd, TextWriter errors,
        Action<IServiceCollection>? replace = null, string systemFile = DaemonConfiguration.SystemFile, TextWriter? output = null)
    {
        if (DaemonUsage.TryAnswer(args, output ?? Console.Out))
            return 0;
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
        using var guard = new StopGuard(DaemonHost.StopTimeout, TimeProvider.System, reason =>
        {
            errors.WriteLine($"edgesearchd: {reason}");
            errors.Flush();
            Environment.Exit(DidNotStop);
        }).Watch();
        try
        {
            await host.StartAsync();
        }
        catch (Exception e)
        {
            await errors.WriteLineAsync($"edgesearchd: cannot start: {e.Message.ReplaceLineEndings(" ")}");
            return CannotStart;
        }
        await host.WaitForShutdownAsync();
        if (host.Services.GetRequiredService<Camera>().Failure is { } failure)
        {
            await errors.WriteLineAsync($"edgesearchd: {failure}");
            return ReplayFailed;
        }
        return 0;
    }
}

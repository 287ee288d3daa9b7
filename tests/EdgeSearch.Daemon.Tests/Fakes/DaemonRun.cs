using EdgeSearch.Daemon.Capture;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Systemd;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>
/// Runs edgesearchd in-process through its real entry point (configuration, host, pipeline, sinks) with the
/// matcher (unless <paramref name="fakeMatcher"/> is false, for runs with a real model and gallery), and optionally
/// the camera, replaced by fakes. Gives the test the host's lifetime to stop it.
/// </summary>
internal sealed class DaemonRun(bool fakeMatcher = true) : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("edgesearchd-test").FullName;
    public BrightnessMatcher Matcher { get; } = new();
    public StringWriter Errors { get; } = new();
    public TaskCompletionSource<IHostApplicationLifetime> Lifetime { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Model => Touch("model.onnx");
    public string Gallery => Touch("gallery.db");
    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    public Task<int> StartAsync(string[] args, IFrameSource? camera = null, SystemdEnvironment? systemd = null, ILoggerProvider? logs = null) =>
        Task.Run(() => DaemonProgram.RunAsync(args, systemd ?? new SystemdEnvironment(null, null), Errors, services =>
        {
            if (fakeMatcher)
                services.AddSingleton<IFrameMatcherLoader>(Matcher);
            if (camera is not null)
                services.AddSingleton(camera);
            if (logs is not null)
                services.AddSingleton(logs);
            services.AddHostedService(sp => new LifetimeProbe(sp.GetRequiredService<IHostApplicationLifetime>(), Lifetime));
        }, systemFile: Path("no-system-config.json")));

    private string Touch(string name)
    {
        var path = Path(name);
        if (!File.Exists(path))
            File.WriteAllBytes(path, []);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>A hosted service that does nothing: lets a test's factory run when the host starts, to reach a service.</summary>
    internal sealed class NothingToHost : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class LifetimeProbe(IHostApplicationLifetime lifetime, TaskCompletionSource<IHostApplicationLifetime> found) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            found.TrySetResult(lifetime);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

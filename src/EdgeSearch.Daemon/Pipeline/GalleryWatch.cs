using System.Runtime.InteropServices;
using EdgeSearch.Daemon.Matching;
using Microsoft.Extensions.Hosting;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// Reloads the gallery without a restart: on SIGHUP, and when the gallery file (or its SQLite WAL) changes,
/// after the writes have settled for a moment.
/// </summary>
public sealed class GalleryWatch(MatcherSlot matchers, TimeProvider time) : IHostedService, IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private PosixSignalRegistration? _hangup;
    private FileSystemWatcher? _watcher;
    private ITimer? _settled;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(_ => matchers.Reload("SIGHUP"));
        });
        var path = Path.GetFullPath(matchers.GalleryPath);
        _settled = time.CreateTimer(_ => matchers.Reload("gallery file changed"), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        _watcher.Changed += OnChange;
        _watcher.Created += OnChange;
        _watcher.Renamed += OnChange;
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    private void OnChange(object sender, FileSystemEventArgs e) => _settled?.Change(Settle, Timeout.InfiniteTimeSpan);

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _hangup?.Dispose();
        _watcher?.Dispose();
        _settled?.Dispose();
    }
}

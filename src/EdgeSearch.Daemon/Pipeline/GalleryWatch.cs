using System.Runtime.InteropServices;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Gallery;
using Microsoft.Extensions.Hosting;

namespace EdgeSearch.Daemon.Pipeline;

/// <summary>
/// Reloads the gallery without a restart: on SIGHUP, and when its content changed. File events (on the gallery
/// and its SQLite side files) only say when to look, after the writes have settled for a moment; a reload happens
/// when SQLite's data_version says something was committed, or when the file was replaced. Reads by this daemon or
/// by another process (`edgesearch gallery stats`) touch the side files but commit nothing, so they reload nothing.
/// </summary>
public sealed class GalleryWatch(MatcherSlot matchers, TimeProvider time, ILogger<GalleryWatch> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);
    private readonly Lock _checking = new();
    private PosixSignalRegistration? _hangup;
    private FileSystemWatcher? _watcher;
    private ITimer? _settled;
    private GalleryCommits? _commits;
    private int _replaced;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            ThreadPool.QueueUserWorkItem(_ => matchers.Reload("SIGHUP"));
        });
        var path = Path.GetFullPath(matchers.GalleryPath);
        _commits = WatchCommits();
        _settled = time.CreateTimer(_ => Check(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(path)!, Path.GetFileName(path) + "*")
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        _watcher.Changed += OnChange;
        _watcher.Created += OnReplaced;
        _watcher.Renamed += OnReplaced;
        _watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    /// <summary>What the settle timer runs: reloads when the gallery was replaced or something was committed to it.</summary>
    internal void Check()
    {
        lock (_checking)
        {
            if (Interlocked.Exchange(ref _replaced, 0) == 1 || _commits is null)
            {
                _commits?.Dispose();
                _commits = WatchCommits();
                matchers.Reload("gallery file replaced");
            }
            else if (Committed())
                matchers.Reload("gallery changed");
        }
    }

    private bool Committed()
    {
        try
        {
            return _commits!.Changed();
        }
        catch (GalleryException e)
        {
            logger.LogWarning("Cannot tell whether the gallery changed ({Error}); reloading it", e.Message);
            Interlocked.Exchange(ref _replaced, 1);
            return true;
        }
    }

    /// <summary>Null while the file cannot be opened (mid-replacement, say) or is not there yet (a first boot, which the
    /// status reports): the next check tries again and reloads.</summary>
    private GalleryCommits? WatchCommits()
    {
        if (!File.Exists(matchers.GalleryPath))
            return null;
        try
        {
            return GalleryCommits.Watch(matchers.GalleryPath);
        }
        catch (Exception e) when (e is GalleryException or IOException)
        {
            logger.LogWarning("Cannot watch the gallery {Gallery} for commits: {Error}", matchers.GalleryPath, e.Message);
            return null;
        }
    }

    private void OnChange(object sender, FileSystemEventArgs e) => _settled?.Change(Settle, Timeout.InfiniteTimeSpan);

    private void OnReplaced(object sender, FileSystemEventArgs e)
    {
        // A new file under the gallery's own name (moved or copied into place); its side files come and go with readers.
        if (string.Equals(Path.GetFullPath(e.FullPath), Path.GetFullPath(matchers.GalleryPath), StringComparison.Ordinal))
            Interlocked.Exchange(ref _replaced, 1);
        OnChange(sender, e);
    }

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
        lock (_checking)
            _commits?.Dispose();
    }
}

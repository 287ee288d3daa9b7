using System.Diagnostics;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Tests.Fakes;
using EdgeSearch.Gallery;
using Microsoft.Extensions.Logging.Abstractions;
using GalleryStore = EdgeSearch.Gallery.Gallery;

namespace EdgeSearch.Daemon.Tests.Pipeline;

public class GalleryWatchTests
{
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var waited = 0; waited < 600 && !condition(); waited++)
            await Task.Delay(50);
        return condition();
    }

    private static (MatcherSlot Slot, GalleryWatch Watch) Watch(IFrameMatcherLoader loader)
    {
        var slot = new MatcherSlot(loader, new DeviceStatus(NullLogger<DeviceStatus>.Instance), NullLogger<MatcherSlot>.Instance);
        slot.Load();
        return (slot, new GalleryWatch(slot, TimeProvider.System, NullLogger<GalleryWatch>.Instance));
    }

    private static string Gallery(DaemonRun run)
    {
        var path = run.Path("gallery.db");
        using var gallery = GalleryStore.Create(path, Model);
        gallery.Add(Entry("good"));
        return path;
    }

    private static readonly ModelIdentity Model = new(new string('a', 64), 2);

    private static Enrollment Entry(string label) => new(label, [0.6f, 0.8f], $"test:{label}");

    [Fact]
    public async Task A_commit_to_the_gallery_reloads_it_once_the_writes_settle()
    {
        using var run = new DaemonRun();
        var loader = new BrightnessMatcher { GalleryPath = Gallery(run) };
        var (_, watch) = Watch(loader);
        await watch.StartAsync(CancellationToken.None);
        try
        {
            using (var gallery = GalleryStore.Open(loader.GalleryPath, Model))
                gallery.Add(Entry("scratch"));
            Assert.True(await EventuallyAsync(() => Volatile.Read(ref loader.Loads) >= 2));
        }
        finally
        {
            await watch.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Reads_reload_nothing_and_each_commit_reloads_once()
    {
        using var run = new DaemonRun();
        var loader = new BrightnessMatcher { GalleryPath = Gallery(run) };
        var (_, watch) = Watch(loader);
        await watch.StartAsync(CancellationToken.None);
        try
        {
            // Another process's reads (`edgesearch gallery stats`, the daemon's own reload) touch -shm and -wal.
            for (var i = 0; i < 3; i++)
                using (var reader = GalleryStore.OpenReadOnly(loader.GalleryPath, Model))
                    reader.LoadIndex();
            watch.Check();
            Assert.Equal(1, Volatile.Read(ref loader.Loads));

            using (var gallery = GalleryStore.Open(loader.GalleryPath, Model))
                gallery.Add(Entry("scratch"));
            watch.Check();
            watch.Check();
            Assert.Equal(2, Volatile.Read(ref loader.Loads));
        }
        finally
        {
            await watch.StopAsync(CancellationToken.None);
        }
    }

    // Fails when the test process starts with SIGHUP ignored (under nohup): .NET then leaves the signal ignored.
    [Fact]
    public async Task Sighup_reloads_the_gallery()
    {
        using var run = new DaemonRun();
        var loader = new BrightnessMatcher { GalleryPath = run.Path("gallery.db") };
        var (_, watch) = Watch(loader);
        await watch.StartAsync(CancellationToken.None);
        try
        {
            using (var kill = Process.Start("kill", ["-HUP", Environment.ProcessId.ToString()]))
                await kill.WaitForExitAsync();
            Assert.True(await EventuallyAsync(() => Volatile.Read(ref loader.Loads) >= 2));
        }
        finally
        {
            await watch.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public void A_failed_reload_keeps_the_matcher_in_use()
    {
        var loader = new FlakyLoader();
        var slot = new MatcherSlot(loader, new DeviceStatus(NullLogger<DeviceStatus>.Instance), NullLogger<MatcherSlot>.Instance);
        slot.Load();
        var first = slot.Current;
        Assert.False(slot.Reload("test"));
        Assert.Same(first, slot.Current);
        Assert.True(slot.Reload("test"));
        Assert.NotSame(first, slot.Current);
    }

    /// <summary>Its second load fails (a gallery caught mid-copy, say); the others succeed with a fresh matcher.</summary>
    private sealed class FlakyLoader : IFrameMatcherLoader
    {
        private int _loads;
        public string GalleryPath => "/nowhere/gallery.db";

        public IFrameMatcher Load() => ++_loads == 2 ? throw new InvalidOperationException("gallery is corrupt") : new BrightnessMatcher();
    }
}

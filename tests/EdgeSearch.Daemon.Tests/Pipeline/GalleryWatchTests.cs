using System.Diagnostics;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;
using EdgeSearch.Daemon.Pipeline;
using EdgeSearch.Daemon.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSearch.Daemon.Tests.Pipeline;

public class GalleryWatchTests
{
    private static async Task<bool> EventuallyAsync(Func<bool> condition)
    {
        for (var waited = 0; waited < 200 && !condition(); waited++)
            await Task.Delay(50);
        return condition();
    }

    private static (MatcherSlot Slot, GalleryWatch Watch) Watch(IFrameMatcherLoader loader)
    {
        var slot = new MatcherSlot(loader, NullLogger<MatcherSlot>.Instance);
        slot.Load();
        return (slot, new GalleryWatch(slot, TimeProvider.System));
    }

    [Fact]
    public async Task A_write_to_the_gallery_or_its_wal_reloads_it_once_the_writes_settle()
    {
        using var run = new DaemonRun();
        var gallery = run.Path("gallery.db");
        File.WriteAllText(gallery, "v1");
        var loader = new BrightnessMatcher { GalleryPath = gallery };
        var (_, watch) = Watch(loader);
        await watch.StartAsync(CancellationToken.None);
        try
        {
            File.AppendAllText(gallery + "-wal", "frame");
            Assert.True(await EventuallyAsync(() => Volatile.Read(ref loader.Loads) >= 2));
            var loads = Volatile.Read(ref loader.Loads);
            File.AppendAllText(gallery, "v2");
            Assert.True(await EventuallyAsync(() => Volatile.Read(ref loader.Loads) > loads));
        }
        finally
        {
            await watch.StopAsync(CancellationToken.None);
        }
    }

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
        var slot = new MatcherSlot(loader, NullLogger<MatcherSlot>.Instance);
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

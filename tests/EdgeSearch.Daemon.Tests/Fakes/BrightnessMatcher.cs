using EdgeSearch.Core.Imaging;
using EdgeSearch.Daemon.Matching;

namespace EdgeSearch.Daemon.Tests.Fakes;

/// <summary>
/// Stands in for model + gallery: labels a Gray8 or Rgb24 frame by its mean byte, "dark" below 100, "bright" above
/// 150, unknown between. <see cref="Stall"/> makes the next call block until released, like a hung engine.
/// </summary>
internal sealed class BrightnessMatcher : IFrameMatcher, IFrameMatcherLoader
{
    public ManualResetEventSlim Stall { get; } = new(true);
    public ManualResetEventSlim Stalled { get; } = new(false);
    public int Loads;

    public string GalleryPath { get; init; } = Path.Combine(Path.GetTempPath(), "no-gallery.db");

    public IFrameMatcher Load()
    {
        Interlocked.Increment(ref Loads);
        return this;
    }

    public FrameMatch Match(Frame frame)
    {
        if (!Stall.IsSet)
        {
            Stalled.Set();
            Stall.Wait();
        }
        var mean = frame.Pixels.Span.ToArray().Average(b => (double)b);
        return mean < 100 ? new FrameMatch("dark", true, 0.9f, 0.3f)
            : mean > 150 ? new FrameMatch("bright", true, 0.8f, 0.2f)
            : new FrameMatch("bright", false, 0.4f, 0.01f);
    }
}

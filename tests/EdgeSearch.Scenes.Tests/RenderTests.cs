using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Scenes.Tests;

public class RenderTests
{
    public static TheoryData<int> ClassIndices() => [.. Enumerable.Range(0, PartsScenario.Classes.Count)];

    [Theory]
    [MemberData(nameof(ClassIndices))]
    public void EveryClassRendersAPackedRgbFrameOfTheScenarioSize(int classIndex)
    {
        var frame = PartsScenario.Render(seed: 1, classIndex, sample: 2);

        Assert.Equal(FrameFormat.Rgb24, frame.Format);
        Assert.Equal((PartsScenario.FrameWidth, PartsScenario.FrameHeight), (frame.Width, frame.Height));
        Assert.Equal(3 * PartsScenario.FrameWidth, frame.Stride);
        Assert.Equal(Frame.PackedSize(FrameFormat.Rgb24, 640, 480), frame.Pixels.Length);
    }

    [Theory]
    [MemberData(nameof(ClassIndices))]
    public void TheSameSeedClassAndSampleGiveIdenticalBytes(int classIndex)
    {
        var first = PartsScenario.Render(seed: 5, classIndex, sample: 9);
        var second = PartsScenario.Render(seed: 5, classIndex, sample: 9);

        Assert.True(first.Pixels.Span.SequenceEqual(second.Pixels.Span));
    }

    [Fact]
    public void AnotherSeedOrSampleGivesAnotherFrame()
    {
        var frame = PartsScenario.Render(seed: 5, classIndex: 0, sample: 9).Pixels.Span;

        Assert.False(frame.SequenceEqual(PartsScenario.Render(seed: 6, classIndex: 0, sample: 9).Pixels.Span));
        Assert.False(frame.SequenceEqual(PartsScenario.Render(seed: 5, classIndex: 0, sample: 10).Pixels.Span));
    }

    [Fact]
    public void RendersInParallelAsItDoesAlone()
    {
        var alone = Enumerable.Range(0, 8).Select(sample => PartsScenario.Render(3, sample % 4, sample).Pixels.ToArray()).ToArray();
        var together = new byte[8][];

        Parallel.For(0, 8, sample => together[sample] = PartsScenario.Render(3, sample % 4, sample).Pixels.ToArray());

        Assert.All(Enumerable.Range(0, 8), sample => Assert.Equal(alone[sample], together[sample]));
    }

    [Fact]
    public void ClassOutsideTheScenarioIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PartsScenario.Render(0, PartsScenario.Classes.Count, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => PartsScenario.Render(0, -1, 0));
    }
}

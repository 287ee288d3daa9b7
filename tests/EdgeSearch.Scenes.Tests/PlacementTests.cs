using SkiaSharp;

namespace EdgeSearch.Scenes.Tests;

public class PlacementTests
{
    /// <summary>How far the shadow falls from the part at most, in pixels.</summary>
    private const float ShadowReach = 6;

    public static TheoryData<int> PartIndices() => [.. Enumerable.Range(0, PartsScenario.Parts.Count)];

    [Theory]
    [MemberData(nameof(PartIndices))]
    public void ThePartAndItsShadowLieInsideTheRoiWhateverThePose(int partIndex)
    {
        var model = PartsScenario.Models[partIndex];
        var roi = PartsScenario.Roi;
        using var body = model.Body(-1);
        for (var draw = 0; draw < 500; draw++)
        {
            var nuisance = Nuisance.Draw(new SceneRandom((ulong)draw));
            using var placed = new SKPath(body);
            placed.Transform(nuisance.Pose.ToMatrix());
            var bounds = placed.ComputeTightBounds();
            bounds.Inflate(ShadowReach, ShadowReach);

            Assert.True(bounds.Left >= roi.X && bounds.Top >= roi.Y && bounds.Right <= roi.X + roi.Width && bounds.Bottom <= roi.Y + roi.Height,
                $"{model.Name} at {nuisance.Pose} reaches {bounds}, outside the ROI {roi}.");
        }
    }

    [Theory]
    [MemberData(nameof(PartIndices))]
    public void OutsideTheRoiTheFrameIsDarkBeltAndInsideItIsBrighterMetal(int partIndex)
    {
        for (var sample = 0; sample < 4; sample++)
        {
            var frame = PartsScenario.Render(seed: 11, 4 * partIndex, sample);
            var pixels = frame.Pixels.Span;
            double inside = 0, outside = 0;
            var brightOutside = 0;
            for (var y = 0; y < frame.Height; y++)
                for (var x = 0; x < frame.Width; x++)
                {
                    var luma = FrameStats.Luma(pixels, y * frame.Width + x);
                    if (FrameStats.InRoi(x, y))
                        inside += luma;
                    else
                    {
                        outside += luma;
                        // Lit metal is brighter than any belt pixel, even with gain, gradient and noise at their highest.
                        brightOutside += luma > 150 ? 1 : 0;
                    }
                }
            var roi = PartsScenario.Roi;
            var roiArea = roi.Width * roi.Height;
            inside /= roiArea;
            outside /= frame.Width * frame.Height - roiArea;

            Assert.Equal(0, brightOutside);
            Assert.True(outside < 100, $"The belt averages {outside:F1}, too bright for a dark belt.");
            Assert.True(inside > outside + 12, $"The ROI averages {inside:F1} against {outside:F1} outside: no part in it?");
        }
    }
}

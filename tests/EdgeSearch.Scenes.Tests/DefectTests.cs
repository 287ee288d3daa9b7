namespace EdgeSearch.Scenes.Tests;

/// <summary>
/// A defective part rendered with the same nuisance draw as a good one: what differs is the defect alone.
/// </summary>
public class DefectTests
{
    private const int Samples = 4;

    public static TheoryData<int> DefectClasses() =>
        [.. Enumerable.Range(0, PartsScenario.Classes.Count).Where(c => !PartsScenario.Classes[c].IsGood)];

    [Theory]
    [MemberData(nameof(DefectClasses))]
    public void TheDefectChangesASmallAreaOfTheRoiAndNothingOutsideIt(int classIndex)
    {
        var roi = PartsScenario.Roi;
        for (var sample = 0; sample < Samples; sample++)
        {
            var (good, defective) = Pair(classIndex, sample);

            var changed = FrameStats.Differences(good, defective, tolerance: 10);

            Assert.True(changed.Count >= 150, $"Sample {sample}: only {changed.Count} pixels changed.");
            Assert.True(changed.Count <= roi.Width * roi.Height / 10, $"Sample {sample}: {changed.Count} pixels changed, more than a tenth of the ROI.");
            Assert.All(changed, pixel => Assert.True(FrameStats.InRoi(pixel.X, pixel.Y)));
        }
    }

    [Theory]
    [MemberData(nameof(DefectClasses))]
    public void TheDefectSurvivesShrinkingTheRoiToA48PixelModelInput(int classIndex)
    {
        for (var sample = 0; sample < Samples; sample++)
        {
            var (good, defective) = Pair(classIndex, sample);

            var difference = FrameStats.MaxDifference(Pictures.ModelView(good, 48), Pictures.ModelView(defective, 48));

            Assert.True(difference >= 40, $"Sample {sample}: at 48×48 the defect changes a pixel by {difference} levels at most.");
        }
    }

    [Fact]
    public void TheDefectStreamMovesTheDefectButNotThePart()
    {
        var scratch = PartsScenario.Classes.ToList().FindIndex(c => c.Defect == "scratch");
        var first = PartsScenario.Render(scratch, nuisanceKey: 1, defectKey: 1);
        var second = PartsScenario.Render(scratch, nuisanceKey: 1, defectKey: 2);

        var changed = FrameStats.Differences(first, second, tolerance: 10);

        Assert.InRange(changed.Count, 150, 2 * PartsScenario.Roi.Width * PartsScenario.Roi.Height / 10);
    }

    private static (EdgeSearch.Core.Imaging.Frame Good, EdgeSearch.Core.Imaging.Frame Defective) Pair(int classIndex, int sample)
    {
        var (nuisanceKey, defectKey) = ((ulong)(1000 + sample), (ulong)(2000 + sample));
        return (PartsScenario.Render(classIndex - classIndex % 4, nuisanceKey, defectKey), PartsScenario.Render(classIndex, nuisanceKey, defectKey));
    }
}

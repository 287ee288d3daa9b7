namespace EdgeSearch.Scenes.Tests;

public class ScenarioTests
{
    private static readonly string[] Kinds = ["scratch", "chip", "crack", "stain", "contamination", "missing-tooth", "missing-hole"];

    [Fact]
    public void EachPartHasGoodThenThreeDefectsAndTheLastDefectsAreAllDifferent()
    {
        Assert.True(PartsScenario.Parts.Count >= 4);
        Assert.Equal(4 * PartsScenario.Parts.Count, PartsScenario.Classes.Count);
        for (var p = 0; p < PartsScenario.Parts.Count; p++)
        {
            var classes = PartsScenario.Classes.Skip(4 * p).Take(4).ToList();
            Assert.All(classes, c => Assert.Equal(PartsScenario.Parts[p], c.Part));
            Assert.True(classes[0].IsGood);
            Assert.All(classes.Skip(1), c => Assert.Contains(c.Defect, Kinds));
            Assert.Equal(3, classes.Skip(1).Select(c => c.Defect).Distinct().Count());
        }
        var unseen = PartsScenario.Classes.Where((_, i) => i % 4 == 3).Select(c => c.Defect).ToList();
        Assert.Equal(unseen.Count, unseen.Distinct().Count());
    }

    [Fact]
    public void LabelsAreUniqueAndSplitAtTheFirstDashIntoPartAndDefect()
    {
        var labels = PartsScenario.Classes.Select(c => c.Label).ToList();

        Assert.Equal(labels.Count, labels.Distinct().Count());
        Assert.All(PartsScenario.Classes, c => Assert.Equal([c.Part, c.Defect], c.Label.Split('-', 2)));
    }

    [Fact]
    public void TheRoiIsAFixedSquareInsideTheFrame()
    {
        var roi = PartsScenario.Roi;

        Assert.Equal(roi.Width, roi.Height);
        roi.EnsureInside(PartsScenario.FrameWidth, PartsScenario.FrameHeight);
    }
}

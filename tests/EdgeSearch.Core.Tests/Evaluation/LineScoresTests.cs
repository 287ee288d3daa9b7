using EdgeSearch.Core.Evaluation;

namespace EdgeSearch.Core.Tests.Evaluation;

public class LineScoresTests
{
    private static readonly string[] Labels = ["gear-good", "gear-chip", "gear-crack"];
    private static readonly HashSet<string> Unseen = ["gear-crack"];

    [Fact]
    public void CountsEachRateByHand()
    {
        (string, string?)[] outcomes =
        [
            ("gear-good", "gear-good"), ("gear-good", "gear-good"), ("gear-good", null), ("gear-good", "gear-chip"), // 2 of 4 rejected
            ("gear-chip", "gear-chip"), ("gear-chip", null), ("gear-chip", "gear-good"),                             // 1 of 3 right
            ("gear-crack", "gear-good"), ("gear-crack", "gear-chip"), ("gear-crack", null), ("gear-crack", null),   // 3 of 4 flagged
        ];

        var scores = LineScores.Compute(outcomes, Labels, Unseen);

        Assert.Equal(0.5, scores.GoodFalseReject);
        Assert.Equal(4, scores.GoodParts);
        Assert.Equal(1 / 3.0, scores.KnownDefectRecall, 12);
        Assert.Equal(3, scores.KnownDefects);
        Assert.Equal(0.75, scores.UnseenDefectFlagged);
        Assert.Equal(4, scores.UnseenDefects);
        Assert.Equal(new[,] { { 2, 1, 0, 1 }, { 1, 1, 0, 1 }, { 1, 1, 0, 2 } }, scores.Confusion);
    }

    [Fact]
    public void AnEmptyGroupIsNotPerfect()
    {
        var scores = LineScores.Compute([("gear-good", "gear-good")], Labels, Unseen);

        Assert.Equal(0.0, scores.GoodFalseReject);
        Assert.True(double.IsNaN(scores.KnownDefectRecall));
        Assert.True(double.IsNaN(scores.UnseenDefectFlagged));
    }

    [Fact]
    public void RefusesLabelsOutsideTheScenario()
    {
        Assert.Throws<ArgumentException>(() => LineScores.Compute([("bolt-good", null)], Labels, Unseen));
        Assert.Throws<ArgumentException>(() => LineScores.Compute([("gear-good", "bolt-good")], Labels, Unseen));
    }
}

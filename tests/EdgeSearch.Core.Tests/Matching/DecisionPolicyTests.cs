using EdgeSearch.Core.Index;
using EdgeSearch.Core.Matching;

namespace EdgeSearch.Core.Tests.Matching;

public class DecisionPolicyTests
{
    private static readonly Dictionary<long, string> Labels = new() { [1] = "ok", [2] = "scratch", [3] = "scratch", [4] = "ok" };

    // Neighbours: ok 0.90, scratch 0.85, scratch 0.84.
    private static readonly Neighbor[] Close = [new(1, 0.90f), new(2, 0.85f), new(3, 0.84f)];

    [Fact]
    public void SharpVoteFollowsTheNearestNeighbour()
    {
        // T = 0.05: ok = e^0 = 1; scratch = e^(-0.05/0.05) + e^(-0.06/0.05) = 0.368 + 0.301 = 0.669.
        var decision = new DecisionPolicy(threshold: 0.5f, temperature: 0.05f).Decide(Close, id => Labels[id]);

        Assert.Equal("ok", decision.Label);
        Assert.Equal(0.90f, decision.Similarity);
        Assert.Equal(0.05f, decision.Margin, 1e-6f);
        Assert.Equal(Close, decision.Neighbors);
    }

    [Fact]
    public void FlatVoteLetsTheMajorityWin()
    {
        // T = 1: ok = 1; scratch = e^-0.05 + e^-0.06 = 0.951 + 0.942 = 1.893. Margin = 0.85 - 0.90.
        var decision = new DecisionPolicy(threshold: 0.5f, temperature: 1f).Decide(Close, id => Labels[id]);

        Assert.Equal("scratch", decision.Label);
        Assert.Equal(0.90f, decision.Similarity);
        Assert.Equal(-0.05f, decision.Margin, 1e-6f);
    }

    [Fact]
    public void BelowThresholdIsUnknownButKeepsTheCandidate()
    {
        var decision = new DecisionPolicy(threshold: 0.95f).Decide(Close, id => Labels[id]);

        Assert.True(decision.IsUnknown);
        Assert.Null(decision.Label);
        Assert.Equal("ok", decision.Candidate);
        Assert.Equal(0.90f, decision.Similarity);
    }

    [Fact]
    public void ExactlyAtThresholdIsAccepted() =>
        Assert.Equal("ok", new DecisionPolicy(threshold: 0.90f).Decide(Close, id => Labels[id]).Label);

    [Fact]
    public void NeighboursAreOrderedBeforeVoting()
    {
        Neighbor[] shuffled = [Close[2], Close[0], Close[1]];

        var decision = new DecisionPolicy(threshold: 0.5f).Decide(shuffled, id => Labels[id]);

        Assert.Equal(Close, decision.Neighbors);
        Assert.Equal(0.90f, decision.Similarity);
    }

    [Fact]
    public void MarginWithOneLabelIsMeasuredAgainstTheLastNeighbour()
    {
        var decision = new DecisionPolicy(threshold: 0.5f).Decide([new(1, 0.9f), new(4, 0.7f)], id => Labels[id]);

        Assert.Equal("ok", decision.Label);
        Assert.Equal(0.2f, decision.Margin, 1e-6f);
    }

    [Fact]
    public void NearlyFlatVoteStillFavoursTheNearerLabel()
    {
        // A very flat vote: weights 1 and e^(-0.001/1000), nearly equal; the higher one (the nearer neighbour) wins.
        var decision = new DecisionPolicy(threshold: 0f, temperature: 1000f).Decide([new(2, 0.5f), new(1, 0.499f)], id => Labels[id]);

        Assert.Equal("scratch", decision.Label);
    }

    [Fact]
    public void NoNeighboursIsUnknown()
    {
        var decision = new DecisionPolicy(threshold: 0.5f).Decide([], id => Labels[id]);

        Assert.True(decision.IsUnknown);
        Assert.Null(decision.Candidate);
        Assert.Equal(-1f, decision.Similarity);
    }

    // Scratch neighbours only: 0.85 and 0.84. "ok" is the good label.
    private static readonly Neighbor[] Scratched = [new(2, 0.85f), new(3, 0.84f)];
    private static readonly GoodLabels Ok = new(["ok"]);

    [Fact]
    public void ADefectLabelIsHeldToTheDefectBar()
    {
        var policy = new DecisionPolicy(threshold: 0.88f, defects: new DefectThreshold(0.80f, Ok));

        var decision = policy.Decide(Scratched, id => Labels[id]);

        Assert.Equal("scratch", decision.Label);
        Assert.Equal(0.80f, decision.Threshold);
        Assert.Equal(0.80f, policy.DefectBar);
        Assert.Null(new DecisionPolicy(threshold: 0.88f).Decide(Scratched, id => Labels[id]).Label);
    }

    [Fact]
    public void AGoodLabelKeepsTheGoodBar()
    {
        // ok wins at 0.90, below the good bar 0.95; the defect bar 0.80 does not apply to it.
        var decision = new DecisionPolicy(threshold: 0.95f, defects: new DefectThreshold(0.80f, Ok)).Decide(Close, id => Labels[id]);

        Assert.True(decision.IsUnknown);
        Assert.Equal("ok", decision.Candidate);
        Assert.Equal(0.95f, decision.Threshold);
    }

    [Fact]
    public void TheDefectBarIsNeverAboveTheGoodBar()
    {
        var policy = new DecisionPolicy(threshold: 0.80f, defects: new DefectThreshold(0.88f, Ok));

        Assert.Equal(0.80f, policy.DefectBar);
        Assert.Equal("scratch", policy.Decide(Scratched, id => Labels[id]).Label);
    }

    [Fact]
    public void ANonFiniteDefectBarIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionPolicy(0.5f, defects: new DefectThreshold(float.NaN, Ok)));

    [Theory]
    [InlineData(float.NaN, 0.05f)]
    [InlineData(0.5f, 0f)]
    [InlineData(0.5f, -1f)]
    public void BadSettingsAreRejected(float threshold, float temperature) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new DecisionPolicy(threshold, temperature));
}

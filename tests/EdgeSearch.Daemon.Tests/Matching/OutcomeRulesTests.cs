using EdgeSearch.Daemon.Matching;

namespace EdgeSearch.Daemon.Tests.Matching;

public class OutcomeRulesTests
{
    private static FrameMatch Known(string label) => new(label, IsKnown: true, 0.9f, 0.1f);

    [Theory]
    [InlineData("good", FrameOutcome.Ok)]
    [InlineData("washer-good", FrameOutcome.Ok)]
    [InlineData("Gear-Good", FrameOutcome.Ok)]
    [InlineData("washer-chip", FrameOutcome.Defect)]
    [InlineData("goodwill", FrameOutcome.Defect)]
    public void WithoutOkLabelsGoodAndPartGoodLabelsPass(string label, FrameOutcome expected) =>
        Assert.Equal(expected, new OutcomeRules([]).Classify(Known(label)));

    [Fact]
    public void ConfiguredOkLabelsReplaceTheDefault()
    {
        var rules = new OutcomeRules(["ok"]);

        Assert.Equal(FrameOutcome.Ok, rules.Classify(Known("bolt-ok")));
        Assert.Equal(FrameOutcome.Defect, rules.Classify(Known("good")));
    }

    [Fact]
    public void AnUnknownMatchIsUnknownWhateverItsLabel() =>
        Assert.Equal(FrameOutcome.Unknown, new OutcomeRules([]).Classify(new FrameMatch("good", IsKnown: false, 0.2f, 0f)));
}

using EdgeSearch.Core.Matching;

namespace EdgeSearch.Core.Tests.Matching;

public class GoodLabelsTests
{
    [Theory]
    [InlineData("good", true)]
    [InlineData("GOOD", true)]
    [InlineData("washer-good", true)]
    [InlineData("Gear-Good", true)]
    [InlineData("goodish", false)]
    [InlineData("washer-goods", false)]
    [InlineData("washergood", false)]
    [InlineData("washer-scratch", false)]
    public void TheDefaultIsGoodAloneOrAsASuffix(string label, bool good) => Assert.Equal(good, GoodLabels.Default.Contains(label));

    [Fact]
    public void NamesAreTrimmedAndEachIsAlsoASuffix()
    {
        var ok = new GoodLabels(["ok", " pass "]);

        Assert.True(ok.Contains("screw-OK"));
        Assert.True(ok.Contains("pass"));
        Assert.False(ok.Contains("good"));
        Assert.Equal(["ok", "pass"], ok.Names);
    }

    [Fact]
    public void NoNameIsRefused() => Assert.Throws<ArgumentException>(() => new GoodLabels([" ", ""]));

    [Fact]
    public void TheSameNamesInAnyOrderAndCaseAreTheSameList()
    {
        Assert.True(new GoodLabels(["good", "OK"]).SameNames(new GoodLabels(["ok", " Good "])));
        Assert.False(new GoodLabels(["good"]).SameNames(new GoodLabels(["good", "ok"])));
        Assert.False(new GoodLabels(["good", "ok"]).SameNames(new GoodLabels(["good"])));
    }
}

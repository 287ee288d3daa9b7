using EdgeSearch.Core.Matching;

namespace EdgeSearch.Core.Tests.Matching;

public class NormalQuantileTests
{
    [Theory]
    // Standard normal quantiles to nine places, as tabulated (Python's statistics.NormalDist gives the same).
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.959963985)]
    [InlineData(0.9, 1.281551566)]
    [InlineData(0.01, -2.326347874)]
    [InlineData(0.001, -3.090232306)]
    [InlineData(0.02, -2.053748911)] // in the lower tail's own formula (below 0.02425)
    [InlineData(0.03, -1.880793608)] // in the central formula
    public void MatchesTheTable(double p, double expected) => Assert.Equal(expected, NormalQuantile.Of(p), 1e-8);

    [Fact]
    public void IsOddAboutOneHalf()
    {
        foreach (var p in new[] { 1e-6, 0.01, 0.2, 0.4 })
            Assert.Equal(-NormalQuantile.Of(p), NormalQuantile.Of(1 - p), 1e-8);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void RefusesProbabilitiesOutsideTheOpenInterval(double p) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => NormalQuantile.Of(p));
}

using EdgeSearch.Training.Export;

namespace EdgeSearch.Training.Tests.Export;

public sealed class ActivationHistogramTests
{
    [Fact]
    public void MinMaxIsTheExtremes()
    {
        var histogram = new ActivationHistogram("t");
        histogram.ObserveExtremes([0.5f, -2f, 1f]);
        histogram.ObserveExtremes([3f]);
        Assert.Equal((-2f, 3f), histogram.Range(Calibration.MinMax));
    }

    [Fact]
    public void PercentilesMatchTheSortedValuesWithinABin()
    {
        var random = new Random(4);
        // Mostly normal values and a few far outliers that the percentile range must leave out.
        var values = Enumerable.Range(0, 50_000).Select(_ => (float)Gaussian(random)).Concat([-400f, 900f]).ToArray();
        var histogram = new ActivationHistogram("t");
        foreach (var chunk in values.Chunk(1000)) histogram.ObserveExtremes(chunk);
        foreach (var chunk in values.Chunk(1000)) histogram.Count(chunk);

        var (min, max) = histogram.Range(Calibration.Percentiles(99.9));

        var sorted = values.Order().ToArray();
        var bin = (900f + 400f) / 4096;
        Assert.InRange(min, sorted[(int)(0.001 * sorted.Length)] - bin, sorted[(int)(0.001 * sorted.Length)] + bin);
        Assert.InRange(max, sorted[(int)(0.999 * sorted.Length)] - bin, sorted[(int)(0.999 * sorted.Length)] + bin);
    }

    [Fact]
    public void NonFiniteActivationsAreReportedByTensor()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new ActivationHistogram("blocks.2.act").ObserveExtremes([1f, float.NaN]));
        Assert.Contains("blocks.2.act", e.Message);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

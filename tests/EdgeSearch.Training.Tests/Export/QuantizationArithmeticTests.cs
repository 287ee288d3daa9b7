using EdgeSearch.Training.Export;

namespace EdgeSearch.Training.Tests.Export;

/// <summary>The int8 arithmetic against cases worked by hand.</summary>
public sealed class QuantizationArithmeticTests
{
    [Fact]
    public void WeightsArePerChannelSymmetricOverMaxAbsOver127()
    {
        // Channel 0: max |w| = 1.27, scale 0.01. Channel 1: max |w| = 0.254, scale 0.002. Channel 2 is all zero.
        float[] weight = [0.5f, -1.27f, 0.014f, 0.254f, -0.0009f, 0.0031f, 0, 0, 0];

        var q = WeightQuantization.Quantize("w", weight, channels: 3);

        Assert.Equal(3, q.Scales.Length);
        Assert.Equal(0.01, q.Scales[0], 1e-8);
        Assert.Equal(0.002, q.Scales[1], 1e-9);
        Assert.Equal(1, q.Scales[2]);
        Assert.Equal([50, -127, 1, 127, 0, 2], q.Values[..6].Select(v => (int)v));
        Assert.All(q.Values[6..], v => Assert.Equal(0, v));
    }

    [Fact]
    public void BiasScaleIsInputScaleTimesWeightScaleAndZeroPointIsZero()
    {
        var scales = WeightQuantization.BiasScales(0.5f, [0.01f, 0.002f]);
        Assert.Equal(2, scales.Length);
        Assert.Equal(0.005, scales[0], 1e-9);
        Assert.Equal(0.001, scales[1], 1e-10);
        // 0.1 / 0.005 = 20; -0.0026 / 0.001 = -2.6, rounded to -3.
        Assert.Equal([20, -3], WeightQuantization.QuantizeBias("b", [0.1f, -0.0026f], scales));
    }

    [Fact]
    public void BiasBeyondInt32IsRejectedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => WeightQuantization.QuantizeBias("blocks.1.conv.B", [1e6f], [1e-6f]));
        Assert.Contains("blocks.1.conv.B", e.Message);
    }

    [Fact]
    public void WeightsThatDoNotSplitIntoChannelsAreRejectedByName()
    {
        var e = Assert.Throws<ArgumentException>(() => WeightQuantization.Quantize("embed.W", new float[7], channels: 2));
        Assert.Contains("embed.W", e.Message);
    }

    [Theory]
    // [-1, 3]: scale 4/255, zero point round(-128 + 1 / (4/255)) = round(-64.25) = -64.
    [InlineData(-1f, 3f, 4f / 255, -64)]
    // [0.5, 2] is widened to [0, 2] so that zero is exact: zero point at the bottom.
    [InlineData(0.5f, 2f, 2f / 255, -128)]
    // [-3, -1] is widened to [-3, 0]: zero point at the top.
    [InlineData(-3f, -1f, 3f / 255, 127)]
    [InlineData(0f, 0f, 1f, 0)]
    public void ActivationsAreAsymmetricOverTheRangeWidenedToZero(float min, float max, float scale, int zeroPoint)
    {
        var q = ActivationQuantization.FromRange(min, max);
        Assert.Equal(scale, q.Scale, 1e-7f);
        Assert.Equal(zeroPoint, q.ZeroPoint);
    }
}

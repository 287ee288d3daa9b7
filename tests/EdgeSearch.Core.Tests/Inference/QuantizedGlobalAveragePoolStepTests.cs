using EdgeSearch.Core.Inference.Graph;
using EdgeSearch.Core.Inference.Steps;

namespace EdgeSearch.Core.Tests.Inference;

/// <summary>The int8 global average pool against the definition: the mean of (q − zp)·scale over each channel.</summary>
public class QuantizedGlobalAveragePoolStepTests
{
    // 37 channels: two 16-channel vector blocks and a scalar remainder; 15×20 = 300 pixels are more than one run of
    // int16 sums (255 pixels).
    [Theory]
    [InlineData(37, 7, 7)]
    [InlineData(96, 7, 7)]
    [InlineData(5, 3, 3)]
    [InlineData(37, 15, 20)]
    public void EachChannelIsTheMeanOfItsDequantisedValues(int channels, int height, int width)
    {
        var random = new Random(channels * 1000 + height * width);
        var plane = height * width;
        var scales = Enumerable.Range(0, channels).Select(_ => 0.01f + (float)random.NextDouble() * 0.1f).ToArray();
        var zeroPoints = Enumerable.Range(0, channels).Select(_ => random.Next(-20, 20)).ToArray();
        const int batch = 2;
        var input = new QuantizedTensor([channels, height, width], 0, scales, zeroPoints);
        var inputFloats = (channels * plane * batch + 3) / 4;
        var output = new BatchedTensor([channels, 1, 1], inputFloats);
        var arena = new float[inputFloats + channels * batch];
        for (var i = 0; i < batch; i++)
        {
            var q = input.Item(arena, i);
            for (var j = 0; j < q.Length; j++) q[j] = (sbyte)random.Next(-128, 128);
        }

        foreach (var simd in new[] { false, true })
        {
            new QuantizedGlobalAveragePoolStep(input, output, simd).Run(arena, batch, []);
            for (var i = 0; i < batch; i++)
            {
                var q = input.Item(arena, i).ToArray();
                var y = output.Item(arena, i);
                for (var c = 0; c < channels; c++)
                {
                    var expected = Enumerable.Range(0, plane).Average(s => (q[s * channels + c] - zeroPoints[c]) * (double)scales[c]);
                    Assert.Equal(expected, y[c], 1e-5);
                }
            }
        }
    }

    [Fact]
    public void ExtremeValuesOverManyPixelsSumExactly()
    {
        // 17×17 = 289 pixels of −128 (or 127) would overflow an int16 sum of one run.
        const int channels = 16, plane = 17 * 17;
        var input = new QuantizedTensor([channels, 17, 17], 0, [.. Enumerable.Repeat(1f, channels)], new int[channels]);
        var output = new BatchedTensor([channels, 1, 1], (channels * plane + 3) / 4);
        var arena = new float[(channels * plane + 3) / 4 + channels];
        var q = input.Item(arena, 0);
        for (var j = 0; j < q.Length; j++) q[j] = j % channels < 8 ? sbyte.MinValue : sbyte.MaxValue;
        new QuantizedGlobalAveragePoolStep(input, output, simd: true).Run(arena, 1, []);
        var y = output.Item(arena, 0);
        for (var c = 0; c < channels; c++) Assert.Equal(c < 8 ? -128f : 127f, y[c]);
    }
}

using EdgeSearch.Training.Model;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Tests.Model;

public sealed class InvolutionTests : TorchTest
{
    [Theory]
    [InlineData(4, 2, 2, 3)]
    [InlineData(3, 1, 1, 3)]
    [InlineData(4, 4, 1, 5)]
    public void MatchesTheFormulaOfTheModelDocument(int channels, int groups, int reduced, int kernel)
    {
        manual_seed(7);
        using var involution = new Involution("involution", channels, reduced, groups, kernel);
        using (no_grad())
            foreach (var (_, buffer) in involution.named_buffers().Where(b => b.name.StartsWith("bn.running")))
                buffer.uniform_(0.5, 1.5);
        involution.eval();
        const int n = 2, h = 5, w = 6;
        using var x = randn(n, channels, h, w);

        using var y = involution.forward(x);

        var expected = Reference(x.data<float>().ToArray(), n, channels, h, w, groups, reduced, kernel,
            involution.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(involution.named_buffers())
                .Where(p => p.Item2.dtype == ScalarType.Float32).ToDictionary(p => p.Item1, p => p.Item2.data<float>().ToArray()));
        var actual = y.data<float>().ToArray();
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < actual.Length; i++) Assert.Equal(expected[i], actual[i], 1e-4f);
    }

    /// <summary>docs/model.md step 3, one scalar at a time, eval-mode BN.</summary>
    private static float[] Reference(float[] x, int n, int c, int h, int w, int groups, int reduced, int k, Dictionary<string, float[]> p)
    {
        float X(int b, int ch, int yy, int xx) => (uint)yy < h && (uint)xx < w ? x[((b * c + ch) * h + yy) * w + xx] : 0;
        var y = new float[n * c * h * w];
        var hidden = new float[reduced];
        var kernelWeights = new float[groups * k * k];
        for (var b = 0; b < n; b++)
            for (var yy = 0; yy < h; yy++)
                for (var xx = 0; xx < w; xx++)
                {
                    for (var r = 0; r < reduced; r++)
                    {
                        var s = 0f;
                        for (var ch = 0; ch < c; ch++) s += p["reduce.weight"][r * c + ch] * X(b, ch, yy, xx);
                        s = (s - p["bn.running_mean"][r]) / MathF.Sqrt(p["bn.running_var"][r] + 1e-5f) * p["bn.weight"][r] + p["bn.bias"][r];
                        hidden[r] = Math.Max(s, 0);
                    }
                    for (var o = 0; o < groups * k * k; o++)
                    {
                        var s = p["span.bias"][o];
                        for (var r = 0; r < reduced; r++) s += p["span.weight"][o * reduced + r] * hidden[r];
                        kernelWeights[o] = s;
                    }
                    for (var ch = 0; ch < c; ch++)
                    {
                        var g = ch / (c / groups);
                        var s = 0f;
                        for (var ky = 0; ky < k; ky++)
                            for (var kx = 0; kx < k; kx++)
                                s += kernelWeights[g * k * k + ky * k + kx] * X(b, ch, yy + ky - k / 2, xx + kx - k / 2);
                        y[((b * c + ch) * h + yy) * w + xx] = s;
                    }
                }
        return y;
    }
}

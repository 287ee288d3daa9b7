using EdgeSearch.Training.Model;

namespace EdgeSearch.Training.Tests.Export;

/// <summary>
/// docs/model.md's forward pass, written plainly from the unfolded weights (BN applied as BN, the involution
/// straight from its formula), in double precision: the reference the exported ONNX model must match.
/// </summary>
internal static class Hybrid1Reference
{
    private const double BatchNormEpsilon = 1e-5;

    public static double[,] Embed(Hybrid1Options o, IReadOnlyDictionary<string, WeightTensor> p, FeatureMap x)
    {
        if (o.UseStem) x = Activate(BatchNorm(Conv(x, p["stem.conv.weight"], null, 1), p, "stem.bn"), o.Activation);
        if (o.UseInvolution) x = Involution(x, o, p);
        for (var i = 0; i < 4; i++)
        {
            x = Activate(BatchNorm(Conv(x, p[$"blocks.{i}.conv.weight"], null, 1), p, $"blocks.{i}.bn"), o.Activation);
            if (i < 2) x = MaxPool2x2(x);
        }
        var pooled = o.Pooling == Pooling.Max ? GlobalMax(x) : GlobalAverage(x);
        return Normalize(Linear(pooled, p["embed.weight"], p["embed.bias"].Data));
    }

    private static FeatureMap Conv(FeatureMap x, WeightTensor weight, float[]? bias, int pad)
    {
        int outputs = (int)weight.Shape[0], inputs = (int)weight.Shape[1], kh = (int)weight.Shape[2], kw = (int)weight.Shape[3];
        var y = new FeatureMap(x.N, outputs, x.H, x.W);
        for (var n = 0; n < x.N; n++)
            for (var o = 0; o < outputs; o++)
                for (var h = 0; h < x.H; h++)
                    for (var w = 0; w < x.W; w++)
                    {
                        double sum = bias?[o] ?? 0;
                        for (var i = 0; i < inputs; i++)
                            for (var dy = 0; dy < kh; dy++)
                                for (var dx = 0; dx < kw; dx++)
                                    sum += weight.Data[((o * inputs + i) * kh + dy) * kw + dx] * x.At(n, i, h + dy - pad, w + dx - pad);
                        y[n, o, h, w] = sum;
                    }
        return y;
    }

    private static FeatureMap BatchNorm(FeatureMap x, IReadOnlyDictionary<string, WeightTensor> p, string prefix)
    {
        var (gamma, beta) = (p[$"{prefix}.weight"].Data, p[$"{prefix}.bias"].Data);
        var (mean, variance) = (p[$"{prefix}.running_mean"].Data, p[$"{prefix}.running_var"].Data);
        var y = new FeatureMap(x.N, x.C, x.H, x.W);
        for (var n = 0; n < x.N; n++)
            for (var c = 0; c < x.C; c++)
                for (var h = 0; h < x.H; h++)
                    for (var w = 0; w < x.W; w++)
                        y[n, c, h, w] = (x[n, c, h, w] - mean[c]) / Math.Sqrt(variance[c] + BatchNormEpsilon) * gamma[c] + beta[c];
        return y;
    }

    private static FeatureMap Activate(FeatureMap x, Activation activation)
    {
        for (var i = 0; i < x.Data.Length; i++)
        {
            var v = x.Data[i];
            x.Data[i] = activation == Activation.Relu ? Math.Max(v, 0) : 0.5 * v * (1 + Erf(v / Math.Sqrt(2)));
        }
        return x;
    }

    private static FeatureMap Involution(FeatureMap x, Hybrid1Options o, IReadOnlyDictionary<string, WeightTensor> p)
    {
        int k = o.InvolutionKernel, groups = o.Groups, perGroup = x.C / groups;
        var hidden = Activate(BatchNorm(Conv(x, p["involution.reduce.weight"], null, 0), p, "involution.bn"), Activation.Relu);
        var kernel = Conv(hidden, p["involution.span.weight"], p["involution.span.bias"].Data, 0);
        var y = new FeatureMap(x.N, x.C, x.H, x.W);
        for (var n = 0; n < x.N; n++)
            for (var c = 0; c < x.C; c++)
                for (var h = 0; h < x.H; h++)
                    for (var w = 0; w < x.W; w++)
                    {
                        double sum = 0;
                        for (var ky = 0; ky < k; ky++)
                            for (var kx = 0; kx < k; kx++)
                                sum += kernel[n, c / perGroup * k * k + ky * k + kx, h, w] * x.At(n, c, h + ky - k / 2, w + kx - k / 2);
                        y[n, c, h, w] = sum;
                    }
        return y;
    }

    private static FeatureMap MaxPool2x2(FeatureMap x)
    {
        var y = new FeatureMap(x.N, x.C, x.H / 2, x.W / 2);
        for (var n = 0; n < x.N; n++)
            for (var c = 0; c < x.C; c++)
                for (var h = 0; h < y.H; h++)
                    for (var w = 0; w < y.W; w++)
                        y[n, c, h, w] = Math.Max(Math.Max(x[n, c, 2 * h, 2 * w], x[n, c, 2 * h, 2 * w + 1]), Math.Max(x[n, c, 2 * h + 1, 2 * w], x[n, c, 2 * h + 1, 2 * w + 1]));
        return y;
    }

    private static double[,] GlobalMax(FeatureMap x)
    {
        var y = new double[x.N, x.C];
        for (var n = 0; n < x.N; n++)
            for (var c = 0; c < x.C; c++)
            {
                y[n, c] = double.NegativeInfinity;
                for (var h = 0; h < x.H; h++)
                    for (var w = 0; w < x.W; w++)
                        y[n, c] = Math.Max(y[n, c], x[n, c, h, w]);
            }
        return y;
    }

    private static double[,] GlobalAverage(FeatureMap x)
    {
        var y = new double[x.N, x.C];
        for (var n = 0; n < x.N; n++)
            for (var c = 0; c < x.C; c++)
            {
                for (var h = 0; h < x.H; h++)
                    for (var w = 0; w < x.W; w++)
                        y[n, c] += x[n, c, h, w];
                y[n, c] /= x.H * x.W;
            }
        return y;
    }

    private static double[,] Linear(double[,] x, WeightTensor weight, float[] bias)
    {
        int outputs = (int)weight.Shape[0], inputs = (int)weight.Shape[1];
        var y = new double[x.GetLength(0), outputs];
        for (var n = 0; n < x.GetLength(0); n++)
            for (var o = 0; o < outputs; o++)
            {
                double sum = bias[o];
                for (var i = 0; i < inputs; i++) sum += weight.Data[o * inputs + i] * x[n, i];
                y[n, o] = sum;
            }
        return y;
    }

    private static double[,] Normalize(double[,] x)
    {
        for (var n = 0; n < x.GetLength(0); n++)
        {
            double squares = 0;
            for (var i = 0; i < x.GetLength(1); i++) squares += x[n, i] * x[n, i];
            var norm = Math.Sqrt(squares);
            for (var i = 0; i < x.GetLength(1); i++) x[n, i] /= norm;
        }
        return x;
    }

    /// <summary>erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7): .NET has no Math.Erf.</summary>
    private static double Erf(double x)
    {
        var t = 1 / (1 + 0.3275911 * Math.Abs(x));
        var poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
        return Math.Sign(x) * (1 - poly * Math.Exp(-x * x));
    }
}

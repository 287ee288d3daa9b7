using EdgeSearch.Training.Model;

namespace EdgeSearch.Training.Export;

/// <summary>An inference-time BatchNorm merged into the bias-free convolution before it.</summary>
internal static class BatchNormFolding
{
    public const double Epsilon = 1e-5;

    /// <summary>
    /// w' = w·γ/√(var+ε) per output channel, b' = β − mean·γ/√(var+ε). Computed in double so the folded
    /// weights round once, like the unfolded ones.
    /// </summary>
    public static (float[] Weight, float[] Bias) Fold(WeightTensor conv, IReadOnlyDictionary<string, WeightTensor> weights, string batchNorm)
    {
        var gamma = weights[$"{batchNorm}.weight"].Data;
        var beta = weights[$"{batchNorm}.bias"].Data;
        var mean = weights[$"{batchNorm}.running_mean"].Data;
        var variance = weights[$"{batchNorm}.running_var"].Data;
        var outputs = gamma.Length;
        var perOutput = conv.Data.Length / outputs;
        var weight = new float[conv.Data.Length];
        var bias = new float[outputs];
        for (var o = 0; o < outputs; o++)
        {
            var scale = gamma[o] / Math.Sqrt(variance[o] + Epsilon);
            for (var i = o * perOutput; i < (o + 1) * perOutput; i++) weight[i] = (float)(conv.Data[i] * scale);
            bias[o] = (float)(beta[o] - mean[o] * scale);
        }
        return (weight, bias);
    }
}

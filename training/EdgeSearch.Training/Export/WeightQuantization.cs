namespace EdgeSearch.Training.Export;

/// <summary>
/// Symmetric per-output-channel int8 weights (zero point 0, <c>scale[c] = max|w[c]| / 127</c>) and the int32 bias
/// that goes with them (scale <c>input_scale × weight_scale[c]</c>, zero point 0), as ONNX Runtime's static quantizer
/// writes them; channel c is the first axis (Conv's output channel, Gemm's row with transB=1).
/// </summary>
public static class WeightQuantization
{
    public sealed record Weights(sbyte[] Values, float[] Scales);

    public static Weights Quantize(string name, ReadOnlySpan<float> weight, long channels)
    {
        if (channels < 1 || weight.Length % channels != 0)
            throw new ArgumentException($"Weight '{name}' has {weight.Length} values, which do not split into {channels} output channels.");
        var perChannel = (int)(weight.Length / channels);
        var values = new sbyte[weight.Length];
        var scales = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var row = weight.Slice(c * perChannel, perChannel);
            var max = 0f;
            foreach (var w in row)
            {
                if (!float.IsFinite(w)) throw new ArgumentException($"Weight '{name}' has the non-finite value {w} in output channel {c}.");
                max = Math.Max(max, Math.Abs(w));
            }
            // An all-zero channel quantizes to zeros under any scale; 1 keeps its bias scale sensible.
            var scale = scales[c] = max == 0 ? 1f : max / 127f;
            for (var i = 0; i < perChannel; i++)
                values[c * perChannel + i] = (sbyte)Math.Clamp(Math.Round(row[i] / scale), -127, 127);
        }
        return new Weights(values, scales);
    }

    /// <summary>The bias scale of each channel: the product the integer accumulator of that channel carries.</summary>
    public static float[] BiasScales(float inputScale, IReadOnlyList<float> weightScales) =>
        weightScales.Select(s => inputScale * s).ToArray();

    public static int[] QuantizeBias(string name, ReadOnlySpan<float> bias, IReadOnlyList<float> scales)
    {
        if (bias.Length != scales.Count)
            throw new ArgumentException($"Bias '{name}' has {bias.Length} values for {scales.Count} output channels.");
        var values = new int[bias.Length];
        for (var c = 0; c < bias.Length; c++)
        {
            var q = Math.Round((double)bias[c] / scales[c]);
            if (!(Math.Abs(q) <= int.MaxValue))
                throw new ArgumentException($"Bias '{name}' channel {c} is {bias[c]}, which at scale {scales[c]} does not fit in int32.");
            values[c] = (int)q;
        }
        return values;
    }
}

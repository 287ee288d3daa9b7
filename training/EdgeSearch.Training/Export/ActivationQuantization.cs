namespace EdgeSearch.Training.Export;

/// <summary>
/// Per-tensor asymmetric int8 quantization of an activation: <c>q = clamp(round(x / Scale) + ZeroPoint, -128, 127)</c>.
/// Asymmetric because most activations are lopsided (GELU's output is ≥ -0.17), so a symmetric range would waste
/// about half of the 256 levels.
/// </summary>
public readonly record struct ActivationQuantization(float Scale, sbyte ZeroPoint)
{
    /// <summary>Maps the calibrated range, widened to hold 0 so that zero (padding) is exact, onto -128..127.</summary>
    public static ActivationQuantization FromRange(float min, float max)
    {
        if (!float.IsFinite(min) || !float.IsFinite(max) || min > max)
            throw new ArgumentException($"The range [{min}, {max}] is not a finite interval.");
        double low = Math.Min(min, 0f), high = Math.Max(max, 0f);
        // A tensor that was always zero: any scale represents it exactly.
        if (high == low) return new ActivationQuantization(1f, 0);
        var scale = (float)((high - low) / 255.0);
        var zeroPoint = Math.Clamp(Math.Round(-128 - low / scale), -128, 127);
        return new ActivationQuantization(scale, (sbyte)zeroPoint);
    }
}

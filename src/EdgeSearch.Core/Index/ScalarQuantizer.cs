namespace EdgeSearch.Core.Index;

/// <summary>
/// Symmetric per-vector int8 quantisation: <c>code = round(x / scale)</c> with <c>scale = max|x| / 127</c>.
/// A per-vector scale keeps every row's full code range whatever its spread; -128 is never produced, which lets the
/// int8 kernels add two 16-bit products without overflow.
/// </summary>
internal static class ScalarQuantizer
{
    public const int MaxCode = 127;

    /// <summary>Writes the codes of <paramref name="vector"/> and returns its scale (0 for the zero vector).</summary>
    public static float Quantize(ReadOnlySpan<float> vector, Span<sbyte> codes)
    {
        var maxMagnitude = 0f;
        foreach (var x in vector)
            maxMagnitude = MathF.Max(maxMagnitude, MathF.Abs(x));
        if (maxMagnitude == 0f)
        {
            codes[..vector.Length].Clear();
            return 0f;
        }
        var scale = maxMagnitude / MaxCode;
        for (var i = 0; i < vector.Length; i++)
            codes[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] / scale), -MaxCode, MaxCode);
        return scale;
    }
}

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>The vector width a SIMD kernel is specialised for; chosen once, when the plan is built.</summary>
public enum VectorWidth
{
    Bits128 = 128,
    Bits256 = 256,
    Bits512 = 512,
}

internal static class VectorWidths
{
    public static int Lanes(VectorWidth width) => (int)width / 32;

    /// <summary>A kernel path's name: its vector width, or the scalar reference.</summary>
    public static string Name(VectorWidth? width) => width is { } w ? $"{(int)w}-bit" : "scalar reference";

    /// <summary>
    /// The widest accelerated width whose lanes fit <paramref name="length"/> with little waste: a row of 49 runs
    /// better as 7 vectors of 8 than as 4 of 16 (the last one overlapping), a row of 196 as 16-wide.
    /// </summary>
    public static VectorWidth ForLength(int length, VectorWidth widest)
    {
        for (var width = widest; width > VectorWidth.Bits128; width = (VectorWidth)((int)width / 2))
        {
            if (!Platform.IsAccelerated(width)) continue;
            var lanes = Lanes(width);
            var vectors = (length + lanes - 1) / lanes;
            if (length >= lanes && vectors * lanes <= length * 1.15) return width;
        }
        return VectorWidth.Bits128;
    }
}

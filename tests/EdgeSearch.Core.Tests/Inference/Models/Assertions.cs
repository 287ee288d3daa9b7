namespace EdgeSearch.Tests.Models;

public static class Close
{
    /// <summary>|actual − expected| ≤ tolerance·max(1, |expected|) for every element, reporting the worst one.</summary>
    public static void Equal(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float tolerance, string what = "")
    {
        Assert.Equal(expected.Length, actual.Length);
        var worst = -1;
        var worstExcess = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            var excess = MathF.Abs(actual[i] - expected[i]) - tolerance * MathF.Max(1f, MathF.Abs(expected[i]));
            if (!(excess <= worstExcess)) (worst, worstExcess) = (i, float.IsNaN(excess) ? float.PositiveInfinity : excess);
        }
        Assert.True(worst < 0, worst < 0 ? "" : $"{what} element {worst}: expected {expected[worst]}, got {actual[worst]} (tolerance {tolerance}).");
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++) max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        return max;
    }
}

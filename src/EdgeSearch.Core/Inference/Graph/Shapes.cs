namespace EdgeSearch.Core.Inference.Graph;

internal static class Shapes
{
    public static int Product(ReadOnlySpan<int> dims)
    {
        long p = 1;
        foreach (var d in dims) p *= d;
        return p > int.MaxValue ? throw new InvalidModelException("A tensor is too large.") : (int)p;
    }

    public static string Format(ReadOnlySpan<int> dims) => "[" + string.Join(", ", dims.ToArray()) + "]";

    /// <summary>Numpy broadcasting of two shapes, or null when they do not broadcast.</summary>
    public static int[]? Broadcast(int[] a, int[] b)
    {
        var rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            var x = i < rank - a.Length ? 1 : a[i - (rank - a.Length)];
            var y = i < rank - b.Length ? 1 : b[i - (rank - b.Length)];
            if (x != y && x != 1 && y != 1) return null;
            result[i] = Math.Max(x, y);
        }
        return result;
    }

    /// <summary>Left-pads with 1s to <paramref name="rank"/>.</summary>
    public static int[] Align(int[] dims, int rank) => [.. Enumerable.Repeat(1, rank - dims.Length), .. dims];
}

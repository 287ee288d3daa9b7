namespace EdgeSearch.Core.Index;

/// <summary>The shape check every stored embedding passes: the right dimension, finite, L2-normalised.</summary>
public static class UnitVector
{
    /// <summary>How far from 1 an embedding's norm may be (float rounding of a normalised 64-d vector is ~1e-7).</summary>
    public const float NormTolerance = 1e-3f;

    /// <param name="what">Names the vector in the error, e.g. "embedding of entry 12".</param>
    public static void Check(ReadOnlySpan<float> vector, int dimension, string what)
    {
        if (vector.Length != dimension)
            throw new ArgumentException($"The {what} has {vector.Length} values; {dimension} are expected.");
        var sumOfSquares = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            if (!float.IsFinite(vector[i]))
                throw new ArgumentException($"The {what} has a non-finite value ({vector[i]}) at {i}.");
            sumOfSquares += (double)vector[i] * vector[i];
        }
        var norm = Math.Sqrt(sumOfSquares);
        if (Math.Abs(norm - 1) > NormTolerance)
            throw new ArgumentException($"The {what} is not L2-normalised (norm {norm}).");
    }
}

namespace EdgeSearch.Core.Index;

/// <summary>
/// What every embedding a model makes must be: finite, and not all (nearly) zero. A NaN embedding is nearest to
/// nothing and a zero one is equally far from everything, so either would be decided as if it meant something.
/// Whether it must also be unit length is for what stores or compares it (<see cref="UnitVector"/>).
/// </summary>
public static class UsableEmbedding
{
    public const double MinNorm = 1e-6;

    /// <param name="what">Names the embedding in the error, e.g. "embedding of image 3".</param>
    public static void Check(ReadOnlySpan<float> embedding, string what)
    {
        var sumOfSquares = 0.0;
        for (var i = 0; i < embedding.Length; i++)
        {
            if (!float.IsFinite(embedding[i]))
                throw new InvalidDataException($"The {what} has a non-finite value ({embedding[i]}) at {i}.");
            sumOfSquares += (double)embedding[i] * embedding[i];
        }
        if (Math.Sqrt(sumOfSquares) < MinNorm)
            throw new InvalidDataException($"The {what} is all zeros (norm {Math.Sqrt(sumOfSquares):G3}).");
    }
}

namespace EdgeSearch.Core.Index;

/// <summary>
/// Checks every row of a row-major embedding matrix before anything is computed from it: one NaN or 1e30 row
/// (a gallery written by hand or by an old version) turns a calibrated threshold into nonsense.
/// </summary>
public static class EmbeddingRows
{
    /// <param name="nameOf">Names row i in the error, e.g. "embedding of entry 12".</param>
    public static void Check(ReadOnlySpan<float> rows, int dimension, Func<int, string> nameOf)
    {
        if (rows.Length % dimension != 0)
            throw new ArgumentException($"{rows.Length} values are not whole {dimension}-d rows.");
        for (var row = 0; row < rows.Length / dimension; row++)
            UnitVector.Check(rows.Slice(row * dimension, dimension), dimension, nameOf(row));
    }
}

namespace EdgeSearch.Core.Index;

/// <summary>How a <see cref="VectorIndex"/> stores its rows.</summary>
public enum VectorPrecision
{
    /// <summary>The embeddings as given; similarities are exact up to float rounding.</summary>
    Float32,

    /// <summary>
    /// Each row scaled by its own largest magnitude to [-127, 127] (a quarter of the memory); the query is quantised
    /// the same way, so a similarity is approximate, with an error of a few thousandths for 64-d unit vectors.
    /// </summary>
    Int8,
}

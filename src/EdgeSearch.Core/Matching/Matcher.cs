using EdgeSearch.Core.Index;
using EdgeSearch.Core.Inference;

namespace EdgeSearch.Core.Matching;

/// <summary>
/// The match step every front end shares: embed one preprocessed image, find its nearest enrolled neighbours,
/// decide. It reuses its buffers, so one instance serves one thread at a time.
/// </summary>
public sealed class Matcher
{
    private readonly IEmbedder _embedder;
    private readonly VectorIndex _index;
    private readonly Func<long, string> _labelOf;
    private readonly float[] _embedding;
    private readonly Neighbor[] _neighbors;

    public Matcher(IEmbedder embedder, VectorIndex index, Func<long, string> labelOf, DecisionPolicy policy, int neighbors = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neighbors);
        if (embedder.EmbeddingDimension != index.Dimension)
            throw new ArgumentException($"The model makes {embedder.EmbeddingDimension}-d embeddings but the index holds {index.Dimension}-d ones.");
        _embedder = embedder;
        _index = index;
        _labelOf = labelOf;
        Policy = policy;
        _embedding = new float[embedder.EmbeddingDimension];
        _neighbors = new Neighbor[neighbors];
    }

    public DecisionPolicy Policy { get; }

    /// <summary>The embedding of the last matched image.</summary>
    public ReadOnlySpan<float> LastEmbedding => _embedding;

    /// <param name="image">One image, preprocessed as the model's metadata prescribes (float CHW).</param>
    public Decision Match(ReadOnlySpan<float> image)
    {
        _embedder.Embed(image, 1, _embedding);
        // A NaN or zero embedding matches nothing meaningfully; the image is refused rather than decided.
        UsableEmbedding.Check(_embedding, "embedding of this image");
        var found = _index.Search(_embedding, _neighbors);
        return Policy.Decide(_neighbors.AsSpan(0, found), _labelOf);
    }
}

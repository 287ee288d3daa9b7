using EdgeSearch.Core.Index;

/// <summary>Each embedding's nearest other embedding (cosine, leave-one-out), by row.</summary>
internal static class NearestNeighbours
{
    public static long[] Of(float[] embeddings, int dimension)
    {
        var count = embeddings.Length / dimension;
        var index = new VectorIndex(dimension);
        for (var i = 0; i < count; i++) index.Add(i, embeddings.AsSpan(i * dimension, dimension));
        var nearest = new long[count];
        for (var i = 0; i < count; i++)
        {
            // The query finds itself first (or ties with a duplicate image); the other one is its neighbour.
            var hits = index.Search(embeddings.AsSpan(i * dimension, dimension), 2);
            nearest[i] = hits[0].Id != i ? hits[0].Id : hits[1].Id;
        }
        return nearest;
    }
}

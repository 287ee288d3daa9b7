using EdgeSearch.Core.Index;

namespace EdgeSearch.Gallery;

/// <summary>A gallery loaded for matching: the search index over its entry ids, and each id's label.</summary>
public sealed record GalleryIndex(VectorIndex Index, IReadOnlyDictionary<long, string> Labels)
{
    public string LabelOf(long id) => Labels[id];
}

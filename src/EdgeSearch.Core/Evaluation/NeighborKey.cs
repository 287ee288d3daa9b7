namespace EdgeSearch.Core.Evaluation;

/// <summary>
/// A neighbour packed into one <see cref="ulong"/> whose ascending order is the retrieval order: higher similarity
/// first, equal similarities by ascending reference index. Selection and sorting then compare plain integers, and
/// the order is total, so the metrics do not depend on the selection algorithm.
/// </summary>
internal static class NeighborKey
{
    public static ulong Encode(float similarity, int index)
    {
        if (similarity == 0)
            similarity = 0; // -0 and +0 are equal similarities; give them one key
        // Flip the float's bits so unsigned order is numeric order, then invert for descending.
        var bits = BitConverter.SingleToUInt32Bits(similarity);
        var ascending = (bits & 0x8000_0000u) != 0 ? ~bits : bits | 0x8000_0000u;
        return ((ulong)~ascending << 32) | (uint)index;
    }

    public static int Index(ulong key) => (int)(uint)key;
}

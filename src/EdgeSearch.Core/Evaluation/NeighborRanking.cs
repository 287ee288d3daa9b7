namespace EdgeSearch.Core.Evaluation;

/// <summary>Partial sort of <see cref="NeighborKey"/>s: the best few in order, without sorting all of them.</summary>
internal static class NeighborRanking
{
    /// <summary>Rearranges <paramref name="keys"/> so its first <paramref name="count"/> items are the smallest (best), in order.</summary>
    public static void RankTop(Span<ulong> keys, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, keys.Length);
        if (count == 0)
            return;
        // Quickselect until position count-1 holds its final key: every key before it is smaller.
        var target = count - 1;
        int low = 0, high = keys.Length - 1;
        while (low < high)
        {
            var pivot = Partition(keys, low, high);
            if (pivot == target)
                break;
            if (pivot < target)
                low = pivot + 1;
            else
                high = pivot - 1;
        }
        keys[..count].Sort();
    }

    /// <summary>Lomuto partition of [low, high] around the median of its first, middle and last key; returns the pivot's place.</summary>
    private static int Partition(Span<ulong> keys, int low, int high)
    {
        var middle = low + (high - low) / 2;
        if (keys[middle] < keys[low])
            Swap(keys, middle, low);
        if (keys[high] < keys[low])
            Swap(keys, high, low);
        if (keys[middle] < keys[high])
            Swap(keys, middle, high);
        var pivot = keys[high];
        var store = low;
        for (var i = low; i < high; i++)
            if (keys[i] < pivot)
                Swap(keys, i, store++);
        Swap(keys, store, high);
        return store;
    }

    private static void Swap(Span<ulong> keys, int a, int b) => (keys[a], keys[b]) = (keys[b], keys[a]);
}

namespace EdgeSearch.Core.Evaluation;

/// <summary>Partial sort: the best few neighbours in <see cref="RetrievalOrder"/>, without sorting all of them.</summary>
internal static class NeighborRanking
{
    /// <summary>Rearranges <paramref name="neighbors"/> so its first <paramref name="count"/> items are the best, in order.</summary>
    public static void RankTop(Span<Neighbor> neighbors, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, neighbors.Length);
        if (count == 0)
            return;
        // Quickselect until position count-1 holds its final item: everything before it is better.
        var target = count - 1;
        int low = 0, high = neighbors.Length - 1;
        while (low < high)
        {
            var pivot = Partition(neighbors, low, high);
            if (pivot == target)
                break;
            if (pivot < target)
                low = pivot + 1;
            else
                high = pivot - 1;
        }
        neighbors[..count].Sort(new RetrievalOrder());
    }

    /// <summary>Lomuto partition of [low, high] around the median of its first, middle and last item; returns the pivot's place.</summary>
    private static int Partition(Span<Neighbor> items, int low, int high)
    {
        var order = new RetrievalOrder();
        var middle = low + (high - low) / 2;
        if (order.Compare(items[middle], items[low]) < 0)
            Swap(items, middle, low);
        if (order.Compare(items[high], items[low]) < 0)
            Swap(items, high, low);
        if (order.Compare(items[middle], items[high]) < 0)
            Swap(items, middle, high);
        var pivot = items[high];
        var store = low;
        for (var i = low; i < high; i++)
            if (order.Compare(items[i], pivot) < 0)
                Swap(items, i, store++);
        Swap(items, store, high);
        return store;
    }

    private static void Swap(Span<Neighbor> items, int a, int b) => (items[a], items[b]) = (items[b], items[a]);
}

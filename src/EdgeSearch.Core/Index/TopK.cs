using System.Runtime.CompilerServices;

namespace EdgeSearch.Core.Index;

/// <summary>
/// The best <c>k</c> candidates seen so far, kept as a min-heap in caller-owned storage (no allocation).
/// Candidates are row numbers while scanning; "better" means higher similarity, then lower row, so ties resolve
/// the same way whatever the scan order or partitioning.
/// </summary>
internal ref struct TopK
{
    private readonly Span<Neighbor> _heap;
    private int _count;

    public TopK(Span<Neighbor> storage)
    {
        _heap = storage;
        _count = 0;
    }

    public readonly int Count => _count;

    /// <summary>
    /// A candidate below this similarity cannot enter: the worst kept once the heap is full, before that -infinity.
    /// Lets a scan skip a whole block of rows with one vector comparison.
    /// </summary>
    public readonly float Threshold => _count == _heap.Length && _count > 0 ? _heap[0].Similarity : float.NegativeInfinity;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Offer(long row, float similarity)
    {
        if (_count < _heap.Length)
        {
            _heap[_count] = new Neighbor(row, similarity);
            SiftUp(_count++);
        }
        else if (_heap.Length > 0 && IsBetter(new Neighbor(row, similarity), _heap[0]))
        {
            _heap[0] = new Neighbor(row, similarity);
            SiftDown(0);
        }
    }

    /// <summary>Empties the heap into its storage, best first (heap sort: the worst goes to the end), and returns it.</summary>
    public Span<Neighbor> SortBestFirst()
    {
        var kept = _heap[.._count];
        while (_count > 1)
        {
            _count--;
            (_heap[0], _heap[_count]) = (_heap[_count], _heap[0]);
            SiftDown(0);
        }
        _count = 0;
        return kept;
    }

    private static bool IsBetter(Neighbor a, Neighbor b) =>
        a.Similarity > b.Similarity || (a.Similarity == b.Similarity && a.Id < b.Id);

    private readonly void SiftUp(int i)
    {
        while (i > 0)
        {
            var parent = (i - 1) / 2;
            if (!IsBetter(_heap[parent], _heap[i]))
                return;
            (_heap[parent], _heap[i]) = (_heap[i], _heap[parent]);
            i = parent;
        }
    }

    private readonly void SiftDown(int i)
    {
        while (true)
        {
            var worst = i;
            var left = 2 * i + 1;
            if (left < _count && IsBetter(_heap[worst], _heap[left]))
                worst = left;
            if (left + 1 < _count && IsBetter(_heap[worst], _heap[left + 1]))
                worst = left + 1;
            if (worst == i)
                return;
            (_heap[worst], _heap[i]) = (_heap[i], _heap[worst]);
            i = worst;
        }
    }
}

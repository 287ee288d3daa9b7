using System.Runtime.CompilerServices;

namespace EdgeSearch.Core.Index;

/// <summary>
/// Fixed-width rows back to back in one array whose first row starts on a cache line. A managed array's data is only
/// 8-byte aligned, so without this most 32- and 64-byte vector loads of a scan straddle two cache lines, which
/// measurably slows a scan that streams from memory. The array is pinned (it lives on the pinned object heap) so
/// the alignment, computed once, holds.
/// </summary>
internal sealed class AlignedRows<T>
    where T : unmanaged
{
    private const int LineBytes = 64;
    private static readonly int Pad = LineBytes / Unsafe.SizeOf<T>();

    private T[] _items = [];
    private int _start;

    public AlignedRows(int width) => Width = width;

    public int Width { get; }
    public int Capacity { get; private set; }

    public Span<T> Rows(int first, int count) => _items.AsSpan(_start + first * Width, count * Width);

    /// <summary>Grows to hold at least <paramref name="rows"/> rows, keeping the first <paramref name="kept"/>.</summary>
    public void Grow(int rows, int kept)
    {
        if (rows <= Capacity)
            return;
        var items = GC.AllocateUninitializedArray<T>(checked(rows * Width + Pad), pinned: true);
        var start = AlignedStart(items);
        _items.AsSpan(_start, kept * Width).CopyTo(items.AsSpan(start));
        (_items, _start, Capacity) = (items, start, rows);
    }

    private static unsafe int AlignedStart(T[] items)
    {
        fixed (T* first = items)
        {
            var misalignment = (int)((nuint)first % LineBytes);
            return misalignment == 0 ? 0 : (LineBytes - misalignment) / sizeof(T);
        }
    }
}

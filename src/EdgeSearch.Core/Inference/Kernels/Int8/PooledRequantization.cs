using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// The int8 epilogue of a convolution requantized straight from its int32 sums and then max-pooled 2×2 with stride
/// 2: the pool taken on the sums, so a quarter of them are requantized and looked up. Requantizing is monotonic (the
/// multipliers are not negative), so it commutes with the maximum. A table that falls and then rises (GELU's, or
/// any monotonic one) is largest over a window at the window's least or greatest input, so the pooled output is the
/// larger of the table at the requantized minimum and at the requantized maximum: two lookups per output instead of four.
/// </summary>
internal sealed class PooledRequantization
{
    private readonly int _channels, _inWidth, _outWidth, _outHeight;
    private readonly Int8Table? _table;

    private PooledRequantization(Int8Conv conv, PoolGeometry pool, Int8Table? table)
    {
        (_channels, _inWidth, _outWidth, _outHeight) = (conv.Geometry.OutChannels, pool.InWidth, pool.OutWidth, pool.OutHeight);
        _table = table;
    }

    /// <summary>The epilogue of <paramref name="conv"/>, or null where pooling first would change a result or does not apply.</summary>
    /// <param name="multipliers">The requantization's multipliers (accumulator scale / output scale).</param>
    /// <param name="table">The convolution's table, prepared.</param>
    public static PooledRequantization? For(Int8Conv conv, float[] multipliers, Int8Table? table) =>
        conv is { Geometry.Groups: 1, Pool: { KernelHeight: 2, KernelWidth: 2, StrideH: 2, StrideW: 2, PadTop: 0, PadLeft: 0 } pool }
        && 2 * pool.OutHeight <= pool.InHeight && 2 * pool.OutWidth <= pool.InWidth
        && multipliers.All(m => m >= 0) && (conv.Table is null || FallsThenRises(conv.Table))
            ? new PooledRequantization(conv, pool, table)
            : null;

    /// <summary>Whether <paramref name="table"/> never rises and then never falls, in input order (either part may be empty).</summary>
    public static bool FallsThenRises(ReadOnlySpan<sbyte> table)
    {
        var i = 0;
        while (i + 1 < table.Length && table[i + 1] <= table[i]) i++;
        while (i + 1 < table.Length && table[i + 1] >= table[i]) i++;
        return i + 1 >= table.Length;
    }

    /// <summary>Output pixels a part's share must be a multiple of, beside <paramref name="partPixels"/>: whole pairs of rows.</summary>
    public int Alignment(int partPixels)
    {
        var pair = 2 * _inWidth;
        var (a, b) = (partPixels, pair);
        while (b != 0) (a, b) = (b, a % b);
        return partPixels / a * pair;
    }

    /// <summary>
    /// Bytes of a part's scratch: a pooled row's least values and, unless the kernel sums the windows itself, the
    /// row's greatest and least sums.
    /// </summary>
    public int PartBytes(int accumulatorStride, bool windowsSummed) => LeastBytes + (windowsSummed ? 0 : 2 * _outWidth * accumulatorStride * sizeof(int));

    /// <summary>A pooled row's least values, in whole ints.</summary>
    private int LeastBytes => (_outWidth * _channels + 3) / 4 * 4;

    /// <summary>The pooled rows whose pairs of convolution rows lie in pixels [start, end) (whole pairs: <see cref="Alignment"/>).</summary>
    /// <param name="windowsSummed">
    /// Whether <paramref name="acc"/> holds each window's greatest and least sums already (the kernel's
    /// <c>AccumulateWindows</c>), rather than every pixel's.
    /// </param>
    public void Run(ReadOnlySpan<int> acc, int stride, bool windowsSummed, ReadOnlySpan<int> offsets, ReadOnlySpan<float> multipliers, QuantParams output,
        bool relu, int start, int end, Span<sbyte> pooled, Span<byte> own, VectorWidth width)
    {
        var rowSums = _outWidth * stride;
        var leastValues = MemoryMarshal.Cast<byte, sbyte>(own)[..(_outWidth * _channels)];
        var pair = 2 * _inWidth;
        for (var row = start / pair; row < Math.Min(end / pair, _outHeight); row++)
        {
            ReadOnlySpan<int> greatest = acc.Slice(row * rowSums, rowSums), least = acc.Slice((_outHeight + row) * rowSums, rowSums);
            if (!windowsSummed)
            {
                if (acc.Length < ((2 * row + 1) * _inWidth + 2 * _outWidth) * stride) throw new ArgumentException("The sums are shorter than the map.", nameof(acc));
                var sums = MemoryMarshal.Cast<byte, int>(own[LeastBytes..]);
                Span<int> most = sums[..rowSums], fewest = sums[rowSums..(2 * rowSums)];
                Extremes(ref Unsafe.AsRef(in acc[2 * row * _inWidth * stride]), stride, most, fewest, width);
                greatest = most;
                least = fewest;
            }
            var values = pooled.Slice(row * _outWidth * _channels, _outWidth * _channels);
            QuantizedRows.Requantize(greatest, stride, offsets, multipliers, output.ZeroPoint, relu, values, _channels, width);
            if (_table is null) continue;
            QuantizedRows.Requantize(least, stride, offsets, multipliers, output.ZeroPoint, relu, leastValues, _channels, width);
            _table.Apply(values);
            _table.Apply(leastValues);
            Greater(values, leastValues);
        }
    }

    /// <summary>Each pooled pixel's greatest and least sum of its 2×2 window, per channel.</summary>
    private void Extremes(ref int top, int stride, Span<int> greatest, Span<int> least, VectorWidth width)
    {
        if (width == VectorWidth.Bits512) Extremes<Vector512<int>, IntegerLanes512>(ref top, stride, greatest, least);
        else if (width == VectorWidth.Bits256) Extremes<Vector256<int>, IntegerLanes256>(ref top, stride, greatest, least);
        else Extremes<Vector128<int>, IntegerLanes128>(ref top, stride, greatest, least);
    }

    private void Extremes<TInts, TLanes>(ref int top, int stride, Span<int> greatest, Span<int> least)
        where TInts : unmanaged where TLanes : IIntegerExtremes<TInts>
    {
        var lanes = Unsafe.SizeOf<TInts>() / sizeof(int);
        var below = _inWidth * stride;
        ref var most = ref MemoryMarshal.GetReference(greatest);
        ref var fewest = ref MemoryMarshal.GetReference(least);
        for (var x = 0; x < _outWidth; x++)
        {
            ref var window = ref Unsafe.Add(ref top, 2 * x * stride);
            var j = 0;
            for (; j + lanes <= stride; j += lanes) Extremes<TInts, TLanes>(ref Unsafe.Add(ref window, j), stride, below, ref Unsafe.Add(ref most, x * stride + j), ref Unsafe.Add(ref fewest, x * stride + j));
            // Strides are whole vectors of 128 bits: the paths' lanes are at least four.
            for (; j < stride; j += 4) Extremes<Vector128<int>, IntegerLanes128>(ref Unsafe.Add(ref window, j), stride, below, ref Unsafe.Add(ref most, x * stride + j), ref Unsafe.Add(ref fewest, x * stride + j));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Extremes<TInts, TLanes>(ref int window, int stride, int below, ref int greatest, ref int least)
        where TInts : unmanaged where TLanes : IIntegerExtremes<TInts>
    {
        var (a, b) = (Read<TInts>(ref window), Read<TInts>(ref Unsafe.Add(ref window, stride)));
        var (c, d) = (Read<TInts>(ref Unsafe.Add(ref window, below)), Read<TInts>(ref Unsafe.Add(ref window, below + stride)));
        Unsafe.WriteUnaligned(ref Unsafe.As<int, byte>(ref greatest), TLanes.Max(TLanes.Max(a, b), TLanes.Max(c, d)));
        Unsafe.WriteUnaligned(ref Unsafe.As<int, byte>(ref least), TLanes.Min(TLanes.Min(a, b), TLanes.Min(c, d)));
    }

    private static T Read<T>(ref int at) where T : unmanaged => Unsafe.ReadUnaligned<T>(ref Unsafe.As<int, byte>(ref at));

    /// <summary>values[i] = max(values[i], other[i]).</summary>
    private static void Greater(Span<sbyte> values, ReadOnlySpan<sbyte> other)
    {
        var i = 0;
        for (; i + 16 <= values.Length; i += 16) Vector128.Max(Vector128.Create(values[i..]), Vector128.Create(other[i..])).CopyTo(values[i..]);
        for (; i < values.Length; i++) values[i] = Math.Max(values[i], other[i]);
    }
}

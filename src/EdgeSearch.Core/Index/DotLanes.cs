using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using EdgeSearch.Core.Inference.Kernels;

namespace EdgeSearch.Core.Index;

/// <summary>
/// One SIMD width for one element type, as seen by the <see cref="RowDot"/> driver: load a vector, multiply-accumulate
/// two of them, and reduce four rows' accumulators at once. Each implementation is a set of one-liners; the driver is
/// written once.
/// </summary>
internal interface IDotLanes<TElement, TVector, TAccumulator>
    where TVector : struct
    where TAccumulator : struct
{
    static abstract bool IsSupported { get; }
    static abstract int Count { get; }
    static abstract TVector Load(ref TElement source, nuint offset);
    static abstract TAccumulator MultiplyAdd(TAccumulator sum, TVector query, TVector row);

    /// <summary>
    /// Whether the driver finishes one row before the next (each row's loads in address order, which the hardware
    /// prefetcher streams best: float rows, memory-bound) or steps the four rows together (one query load and its
    /// preparation shared by four rows: int8 rows, compute-bound). Each order measured 1.5-1.9x faster than the other
    /// for its type.
    /// </summary>
    static abstract bool RowByRow { get; }

    /// <summary>The four accumulators' sums, in order (one shuffle tree for four rows instead of four).</summary>
    static abstract Vector128<float> Reduce4(TAccumulator s0, TAccumulator s1, TAccumulator s2, TAccumulator s3);
}

/// <summary>float rows at one <see cref="ISimd{TVec}"/> width: the engine's own vector operations.</summary>
internal readonly struct FloatLanes<TVec, TSimd> : IDotLanes<float, TVec, TVec> where TVec : struct where TSimd : ISimd<TVec>
{
    public static bool IsSupported => Platform.IsAccelerated(TSimd.Width);
    public static int Count => TSimd.Count;
    public static bool RowByRow => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec Load(ref float source, nuint offset) => TSimd.Load(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TVec MultiplyAdd(TVec sum, TVec query, TVec row) => TSimd.MultiplyAdd(query, row, sum);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Reduce4(TVec s0, TVec s1, TVec s2, TVec s3) => TSimd.Sum4(s0, s1, s2, s3);
}

// Int8 products are summed exactly in 32-bit lanes (|code| <= 127, so no step overflows for any realistic
// dimension). Where the CPU has a dot-product instruction it does the whole multiply-widen-add:
// SDOT on ARMv8.2+, VPDPBUSD (AVX-VNNI) on x64. VPDPBUSD multiplies unsigned by signed bytes, so the query's
// signs move onto the row (VPSIGNB; the row never holds -128, whose negation would overflow) and |query| is the
// unsigned side. Without one, AVX2/AVX-512 widen to 16 bits and VPMADDWD adds pairs of products into 32 bits;
// the portable fallback widens twice.
internal readonly struct Int8x128 : IDotLanes<sbyte, Vector128<sbyte>, Vector128<int>>
{
    public static bool IsSupported => Platform.IsAccelerated(VectorWidth.Bits128);
    public static int Count => Vector128<sbyte>.Count;
    public static bool RowByRow => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> Load(ref sbyte source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<int> sum, Vector128<sbyte> query, Vector128<sbyte> row)
    {
        if (Dp.IsSupported)
            return Dp.DotProduct(sum, query, row);
        if (AvxVnni.IsSupported)
            return AvxVnni.MultiplyWideningAndAdd(sum, Ssse3.Abs(query), Ssse3.Sign(row, query));
        var (queryLow, queryHigh) = Vector128.Widen(query);
        var (rowLow, rowHigh) = Vector128.Widen(row);
        var (low, high) = Vector128.Widen(queryLow * rowLow + queryHigh * rowHigh);
        return sum + low + high;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Reduce4(Vector128<int> s0, Vector128<int> s1, Vector128<int> s2, Vector128<int> s3) =>
        Vector128.ConvertToSingle(LaneSums.Of4(s0, s1, s2, s3));
}

internal readonly struct Int8x256 : IDotLanes<sbyte, Vector256<sbyte>, Vector256<int>>
{
    public static bool IsSupported => Platform.IsAccelerated(VectorWidth.Bits256);
    public static int Count => Vector256<sbyte>.Count;
    public static bool RowByRow => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Load(ref sbyte source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> sum, Vector256<sbyte> query, Vector256<sbyte> row)
    {
        if (AvxVnni.IsSupported)
            return AvxVnni.MultiplyWideningAndAdd(sum, Avx2.Abs(query), Avx2.Sign(row, query));
        var (queryLow, queryHigh) = Vector256.Widen(query);
        var (rowLow, rowHigh) = Vector256.Widen(row);
        if (Avx2.IsSupported)
            return sum + Avx2.MultiplyAddAdjacent(queryLow, rowLow) + Avx2.MultiplyAddAdjacent(queryHigh, rowHigh);
        var (low, high) = Vector256.Widen(queryLow * rowLow + queryHigh * rowHigh);
        return sum + low + high;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Reduce4(Vector256<int> s0, Vector256<int> s1, Vector256<int> s2, Vector256<int> s3) =>
        Vector128.ConvertToSingle(LaneSums.Of4(s0, s1, s2, s3));
}

internal readonly struct Int8x512 : IDotLanes<sbyte, Vector512<sbyte>, Vector512<int>>
{
    public static bool IsSupported => Platform.IsAccelerated(VectorWidth.Bits512);
    public static int Count => Vector512<sbyte>.Count;
    public static bool RowByRow => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Load(ref sbyte source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAdd(Vector512<int> sum, Vector512<sbyte> query, Vector512<sbyte> row)
    {
        var (queryLow, queryHigh) = Vector512.Widen(query);
        var (rowLow, rowHigh) = Vector512.Widen(row);
        if (Avx512BW.IsSupported)
            return sum + Avx512BW.MultiplyAddAdjacent(queryLow, rowLow) + Avx512BW.MultiplyAddAdjacent(queryHigh, rowHigh);
        var (low, high) = Vector512.Widen(queryLow * rowLow + queryHigh * rowHigh);
        return sum + low + high;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Reduce4(Vector512<int> s0, Vector512<int> s1, Vector512<int> s2, Vector512<int> s3) =>
        Vector128.ConvertToSingle(LaneSums.Of4(LaneSums.Fold(s0), LaneSums.Fold(s1), LaneSums.Fold(s2), LaneSums.Fold(s3)));
}

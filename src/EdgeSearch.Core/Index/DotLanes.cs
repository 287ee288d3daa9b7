using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Index;

/// <summary>
/// One SIMD width for one element type, as seen by the <see cref="RowDot"/> driver: load a vector, multiply-accumulate
/// two of them, reduce the accumulator. Each implementation is a set of one-liners; the driver is written once.
/// </summary>
internal interface IDotLanes<TElement, TVector, TAccumulator>
    where TVector : struct
    where TAccumulator : struct
{
    static abstract bool IsSupported { get; }
    static abstract int Count { get; }
    static abstract TVector Load(ref TElement source, nuint offset);
    static abstract TAccumulator MultiplyAdd(TAccumulator sum, TVector a, TVector b);
    static abstract float Reduce(TAccumulator sum);
}

internal readonly struct Float128 : IDotLanes<float, Vector128<float>, Vector128<float>>
{
    public static bool IsSupported => Vector128.IsHardwareAccelerated;
    public static int Count => Vector128<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Load(ref float source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> MultiplyAdd(Vector128<float> sum, Vector128<float> a, Vector128<float> b) => Vector128.MultiplyAddEstimate(a, b, sum);
    public static float Reduce(Vector128<float> sum) => Vector128.Sum(sum);
}

internal readonly struct Float256 : IDotLanes<float, Vector256<float>, Vector256<float>>
{
    public static bool IsSupported => Vector256.IsHardwareAccelerated;
    public static int Count => Vector256<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Load(ref float source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> sum, Vector256<float> a, Vector256<float> b) => Vector256.MultiplyAddEstimate(a, b, sum);
    public static float Reduce(Vector256<float> sum) => Vector256.Sum(sum);
}

internal readonly struct Float512 : IDotLanes<float, Vector512<float>, Vector512<float>>
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated;
    public static int Count => Vector512<float>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Load(ref float source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> MultiplyAdd(Vector512<float> sum, Vector512<float> a, Vector512<float> b) => Vector512.MultiplyAddEstimate(a, b, sum);
    public static float Reduce(Vector512<float> sum) => Vector512.Sum(sum);
}

// Int8: widen to 16 bits, multiply, add the low and high halves' products (|sum| <= 2 * 127 * 127 fits in a short),
// then widen to 32 bits into the accumulator.
internal readonly struct Int8x128 : IDotLanes<sbyte, Vector128<sbyte>, Vector128<int>>
{
    public static bool IsSupported => Vector128.IsHardwareAccelerated;
    public static int Count => Vector128<sbyte>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> Load(ref sbyte source, nuint offset) => Vector128.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<int> sum, Vector128<sbyte> a, Vector128<sbyte> b)
    {
        var (aLow, aHigh) = Vector128.Widen(a);
        var (bLow, bHigh) = Vector128.Widen(b);
        var (low, high) = Vector128.Widen(aLow * bLow + aHigh * bHigh);
        return sum + low + high;
    }
    public static float Reduce(Vector128<int> sum) => Vector128.Sum(sum);
}

internal readonly struct Int8x256 : IDotLanes<sbyte, Vector256<sbyte>, Vector256<int>>
{
    public static bool IsSupported => Vector256.IsHardwareAccelerated;
    public static int Count => Vector256<sbyte>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<sbyte> Load(ref sbyte source, nuint offset) => Vector256.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> sum, Vector256<sbyte> a, Vector256<sbyte> b)
    {
        var (aLow, aHigh) = Vector256.Widen(a);
        var (bLow, bHigh) = Vector256.Widen(b);
        var (low, high) = Vector256.Widen(aLow * bLow + aHigh * bHigh);
        return sum + low + high;
    }
    public static float Reduce(Vector256<int> sum) => Vector256.Sum(sum);
}

internal readonly struct Int8x512 : IDotLanes<sbyte, Vector512<sbyte>, Vector512<int>>
{
    public static bool IsSupported => Vector512.IsHardwareAccelerated;
    public static int Count => Vector512<sbyte>.Count;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<sbyte> Load(ref sbyte source, nuint offset) => Vector512.LoadUnsafe(ref source, offset);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAdd(Vector512<int> sum, Vector512<sbyte> a, Vector512<sbyte> b)
    {
        var (aLow, aHigh) = Vector512.Widen(a);
        var (bLow, bHigh) = Vector512.Widen(b);
        var (low, high) = Vector512.Widen(aLow * bLow + aHigh * bHigh);
        return sum + low + high;
    }
    public static float Reduce(Vector512<int> sum) => Vector512.Sum(sum);
}

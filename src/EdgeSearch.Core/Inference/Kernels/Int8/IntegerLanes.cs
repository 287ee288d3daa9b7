using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>The integer vector arithmetic of the int8 Winograd transforms at one width: int16 lanes in, int32 lanes out.</summary>
internal interface IIntegerLanes<TWords, TInts>
{
    static abstract TWords Add(TWords a, TWords b);
    static abstract TWords Subtract(TWords a, TWords b);
    static abstract TInts Add(TInts a, TInts b);
    static abstract TInts Subtract(TInts a, TInts b);

    /// <summary>a / 4 of multiples of four: an arithmetic shift.</summary>
    static abstract TInts Quarter(TInts a);
}

/// <summary>Lane-wise extremes of int32 vectors at one width: the pooled int8 epilogue's.</summary>
internal interface IIntegerExtremes<TInts>
{
    static abstract TInts Max(TInts a, TInts b);
    static abstract TInts Min(TInts a, TInts b);
}

internal readonly struct IntegerLanes128 : IIntegerLanes<Vector128<short>, Vector128<int>>, IIntegerExtremes<Vector128<int>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> Max(Vector128<int> a, Vector128<int> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> Min(Vector128<int> a, Vector128<int> b) => Vector128.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<short> Add(Vector128<short> a, Vector128<short> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<short> Subtract(Vector128<short> a, Vector128<short> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> Add(Vector128<int> a, Vector128<int> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> Subtract(Vector128<int> a, Vector128<int> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<int> Quarter(Vector128<int> a) => a >> 2;
}

internal readonly struct IntegerLanes256 : IIntegerLanes<Vector256<short>, Vector256<int>>, IIntegerExtremes<Vector256<int>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Max(Vector256<int> a, Vector256<int> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Min(Vector256<int> a, Vector256<int> b) => Vector256.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<short> Add(Vector256<short> a, Vector256<short> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<short> Subtract(Vector256<short> a, Vector256<short> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Add(Vector256<int> a, Vector256<int> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Subtract(Vector256<int> a, Vector256<int> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<int> Quarter(Vector256<int> a) => a >> 2;
}

internal readonly struct IntegerLanes512 : IIntegerLanes<Vector512<short>, Vector512<int>>, IIntegerExtremes<Vector512<int>>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Max(Vector512<int> a, Vector512<int> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Min(Vector512<int> a, Vector512<int> b) => Vector512.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<short> Add(Vector512<short> a, Vector512<short> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<short> Subtract(Vector512<short> a, Vector512<short> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Add(Vector512<int> a, Vector512<int> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Subtract(Vector512<int> a, Vector512<int> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<int> Quarter(Vector512<int> a) => a >> 2;
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// One vector width as a type, so each kernel is written once and the JIT specialises it per width
/// (<see cref="Simd128"/> is NEON on ARM64 and SSE on x64; <see cref="Simd256"/>/<see cref="Simd512"/> widen on x64).
/// Loads and stores are unchecked: callers validate their extents once, before the loops.
/// </summary>
internal interface ISimd<TVec> where TVec : struct
{
    static abstract int Count { get; }
    static abstract VectorWidth Width { get; }
    static abstract TVec Load(ref float source, nuint index);
    static abstract void Store(TVec value, ref float destination, nuint index);
    static abstract TVec Broadcast(float value);
    static abstract TVec Add(TVec a, TVec b);
    static abstract TVec Subtract(TVec a, TVec b);
    static abstract TVec Multiply(TVec a, TVec b);
    /// <summary>
    /// 1/x within two ulps: the hardware's estimate refined by Newton's method, several times faster than a division
    /// (AVX-512's estimate has 14 bits and SSE's 12, so one step; NEON's has 8, so two).
    /// </summary>
    static abstract TVec Reciprocal(TVec x);
    static abstract TVec MultiplyAdd(TVec a, TVec b, TVec addend);
    static abstract TVec Max(TVec a, TVec b);
    static abstract TVec Min(TVec a, TVec b);
    static abstract float Sum(TVec x);
    /// <summary>[Sum(a), Sum(b), Sum(c), Sum(d)], each by the same sequence of additions (<see cref="Index.LaneSums"/>).</summary>
    static abstract Vector128<float> Sum4(TVec a, TVec b, TVec c, TVec d);
    /// <summary>Lanes 0, 2, 4, … of a, then those of b.</summary>
    static abstract TVec EvenLanes(TVec a, TVec b);
    /// <summary>Lanes 1, 3, 5, … of a, then those of b.</summary>
    static abstract TVec OddLanes(TVec a, TVec b);
    /// <summary>a₀ b₀ a₁ b₁ … from the lower halves of a and b (the inverse of <see cref="EvenLanes"/> and <see cref="OddLanes"/>).</summary>
    static abstract TVec InterleaveLower(TVec a, TVec b);
    /// <summary>The same from the upper halves.</summary>
    static abstract TVec InterleaveUpper(TVec a, TVec b);
}

internal readonly struct Simd128 : ISimd<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static VectorWidth Width => VectorWidth.Bits128;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(ref float source, nuint index) => Vector128.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> value, ref float destination, nuint index) => value.StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Broadcast(float value) => Vector128.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Reciprocal(Vector128<float> x)
    {
        if (Avx512F.VL.IsSupported) return Refined(x, Avx512F.VL.Reciprocal14(x));
        if (Sse.IsSupported) return Refined(x, Sse.Reciprocal(x));
        if (AdvSimd.IsSupported)
        {
            var estimate = AdvSimd.ReciprocalEstimate(x);
            estimate *= AdvSimd.ReciprocalStep(x, estimate);
            return estimate * AdvSimd.ReciprocalStep(x, estimate);
        }
        return Vector128<float>.One / x;
    }

    /// <summary>One Newton step from <paramref name="estimate"/> of 1/x: r + r·(1 − x·r).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> Refined(Vector128<float> x, Vector128<float> estimate) =>
        Vector128.MultiplyAddEstimate(estimate, Vector128.MultiplyAddEstimate(-x, estimate, Vector128<float>.One), estimate);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> addend) => Vector128.MultiplyAddEstimate(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Min(Vector128<float> a, Vector128<float> b) => Vector128.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector128<float> x) => Vector128.Sum(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sum4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d) =>
        Index.LaneSums.Of4(a, b, c, d);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> EvenLanes(Vector128<float> a, Vector128<float> b) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipEven(a, b)
        : Sse.IsSupported ? Sse.Shuffle(a, b, 0b10_00_10_00)
        : Vector128.Create(a.GetElement(0), a.GetElement(2), b.GetElement(0), b.GetElement(2));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> OddLanes(Vector128<float> a, Vector128<float> b) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipOdd(a, b)
        : Sse.IsSupported ? Sse.Shuffle(a, b, 0b11_01_11_01)
        : Vector128.Create(a.GetElement(1), a.GetElement(3), b.GetElement(1), b.GetElement(3));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> InterleaveLower(Vector128<float> a, Vector128<float> b) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipLow(a, b)
        : Sse.IsSupported ? Sse.UnpackLow(a, b)
        : Vector128.Create(a.GetElement(0), b.GetElement(0), a.GetElement(1), b.GetElement(1));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> InterleaveUpper(Vector128<float> a, Vector128<float> b) =>
        AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.ZipHigh(a, b)
        : Sse.IsSupported ? Sse.UnpackHigh(a, b)
        : Vector128.Create(a.GetElement(2), b.GetElement(2), a.GetElement(3), b.GetElement(3));
}

internal readonly struct Simd256 : ISimd<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static VectorWidth Width => VectorWidth.Bits256;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, nuint index) => Vector256.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, nuint index) => value.StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Broadcast(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Reciprocal(Vector256<float> x)
    {
        var estimate = Avx512F.VL.IsSupported ? Avx512F.VL.Reciprocal14(x) : Avx.Reciprocal(x);
        return Vector256.MultiplyAddEstimate(estimate, Vector256.MultiplyAddEstimate(-x, estimate, Vector256<float>.One), estimate);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Vector256.MultiplyAddEstimate(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Min(Vector256<float> a, Vector256<float> b) => Vector256.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> x) => Vector256.Sum(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sum4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d) =>
        Index.LaneSums.Of4(a, b, c, d);
    // AVX shuffles within 128-bit halves ([a0 a2 b0 b2 | a4 a6 b4 b6]); the 64-bit permute puts the halves in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> EvenLanes(Vector256<float> a, Vector256<float> b) =>
        Avx2.IsSupported ? Avx2.Permute4x64(Avx.Shuffle(a, b, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle()
        : Vector256.Create(Simd128.EvenLanes(a.GetLower(), a.GetUpper()), Simd128.EvenLanes(b.GetLower(), b.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> OddLanes(Vector256<float> a, Vector256<float> b) =>
        Avx2.IsSupported ? Avx2.Permute4x64(Avx.Shuffle(a, b, 0b11_01_11_01).AsDouble(), 0b11_01_10_00).AsSingle()
        : Vector256.Create(Simd128.OddLanes(a.GetLower(), a.GetUpper()), Simd128.OddLanes(b.GetLower(), b.GetUpper()));
    // AVX unpacks within 128-bit halves ([a0 b0 a1 b1 | a4 b4 a5 b5]); the 128-bit permute takes the halves in order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> InterleaveLower(Vector256<float> a, Vector256<float> b) =>
        Avx.IsSupported ? Avx.Permute2x128(Avx.UnpackLow(a, b), Avx.UnpackHigh(a, b), 0x20)
        : Vector256.Create(Simd128.InterleaveLower(a.GetLower(), b.GetLower()), Simd128.InterleaveUpper(a.GetLower(), b.GetLower()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> InterleaveUpper(Vector256<float> a, Vector256<float> b) =>
        Avx.IsSupported ? Avx.Permute2x128(Avx.UnpackLow(a, b), Avx.UnpackHigh(a, b), 0x31)
        : Vector256.Create(Simd128.InterleaveLower(a.GetUpper(), b.GetUpper()), Simd128.InterleaveUpper(a.GetUpper(), b.GetUpper()));
}

internal readonly struct Simd512 : ISimd<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static VectorWidth Width => VectorWidth.Bits512;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, nuint index) => Vector512.LoadUnsafe(ref source, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, nuint index) => value.StoreUnsafe(ref destination, index);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Broadcast(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Reciprocal(Vector512<float> x)
    {
        var estimate = Avx512F.Reciprocal14(x);
        return Vector512.MultiplyAddEstimate(estimate, Vector512.MultiplyAddEstimate(-x, estimate, Vector512<float>.One), estimate);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Vector512.MultiplyAddEstimate(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Min(Vector512<float> a, Vector512<float> b) => Vector512.Min(a, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> x) => Vector512.Sum(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sum4(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d) =>
        Index.LaneSums.Of4(Index.LaneSums.Fold(a), Index.LaneSums.Fold(b), Index.LaneSums.Fold(c), Index.LaneSums.Fold(d));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> EvenLanes(Vector512<float> a, Vector512<float> b) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), b)
        : Vector512.Create(Simd256.EvenLanes(a.GetLower(), a.GetUpper()), Simd256.EvenLanes(b.GetLower(), b.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> OddLanes(Vector512<float> a, Vector512<float> b) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(a, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), b)
        : Vector512.Create(Simd256.OddLanes(a.GetLower(), a.GetUpper()), Simd256.OddLanes(b.GetLower(), b.GetUpper()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> InterleaveLower(Vector512<float> a, Vector512<float> b) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(a, Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23), b)
        : Vector512.Create(Simd256.InterleaveLower(a.GetLower(), b.GetLower()), Simd256.InterleaveUpper(a.GetLower(), b.GetLower()));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> InterleaveUpper(Vector512<float> a, Vector512<float> b) =>
        Avx512F.IsSupported ? Avx512F.PermuteVar16x32x2(a, Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31), b)
        : Vector512.Create(Simd256.InterleaveLower(a.GetUpper(), b.GetUpper()), Simd256.InterleaveUpper(a.GetUpper(), b.GetUpper()));
}

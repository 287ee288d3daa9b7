using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>Two accumulators whose adjacent lanes still have to be added pairwise (the int16 paths).</summary>
internal readonly record struct PairSums<TVec>(TVec Even, TVec Odd) where TVec : struct;

/// <summary>x64 AVX-VNNI: <c>vpdpbusd</c> (u8 input × s8 weights), eight channels per register.</summary>
internal readonly struct AvxVnniDot : IInt8Dot<Vector256<int>, Vector256<sbyte>>
{
    public static Int8Path Name => Int8Path.AvxVnni;
    public static int Lanes => 8;
    public static bool UnsignedInput => true;
    public static int InputBytes => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long ReadInput(ref byte image, nint at) => Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref image, at));
    public static Vector256<int> Zero => Vector256<int>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<sbyte> LoadWeights(ref sbyte source) => Vector256.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> acc, Vector256<sbyte> weights, long input4) =>
        AvxVnni.MultiplyWideningAndAdd(acc, Vector256.Create((int)input4).AsByte(), weights);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<int> acc, ref int destination) => acc.StoreUnsafe(ref destination);
}

/// <summary>
/// x64 AVX2: weights widened to int16 once per step, the input's four int16 (widened once per image) broadcast,
/// <c>vpmaddwd</c> into int32 pairs (channels 0–3 and 4–7 in two registers); exact, unlike the saturating <c>vpmaddubsw</c>.
/// </summary>
internal readonly struct Avx2Dot : IInt8Dot<PairSums<Vector256<int>>, PairSums<Vector256<short>>>
{
    public static Int8Path Name => Int8Path.Avx2;
    public static int Lanes => 8;
    public static bool UnsignedInput => false;
    public static int InputBytes => 2;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long ReadInput(ref byte image, nint at) => Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref image, 2 * at));
    public static PairSums<Vector256<int>> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PairSums<Vector256<short>> LoadWeights(ref sbyte source)
    {
        var bytes = Vector256.LoadUnsafe(ref source);
        return new(Vector256.WidenLower(bytes), Vector256.WidenUpper(bytes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PairSums<Vector256<int>> MultiplyAdd(PairSums<Vector256<int>> acc, PairSums<Vector256<short>> weights, long input4)
    {
        var input = Vector256.Create(input4).AsInt16();
        return new(acc.Even + Avx2.MultiplyAddAdjacent(weights.Even, input), acc.Odd + Avx2.MultiplyAddAdjacent(weights.Odd, input));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(PairSums<Vector256<int>> acc, ref int destination)
    {
        // hadd gives channels [0 1 4 5 | 2 3 6 7]; swapping the middle 64-bit halves restores the order.
        var sums = Avx2.HorizontalAdd(acc.Even, acc.Odd);
        Avx2.Permute4x64(sums.AsInt64(), 0b11_01_10_00).AsInt32().StoreUnsafe(ref destination);
    }
}

/// <summary>
/// x64 AVX-512BW (no VNNI needed): <see cref="Avx2Dot"/> at 512 bits, sixteen channels per step (0–7 and 8–15 in
/// two registers). Pair sums are added at the store by two lane permutes.
/// </summary>
internal readonly struct Avx512BWDot : IInt8Dot<PairSums<Vector512<int>>, PairSums<Vector512<short>>>
{
    public static Int8Path Name => Int8Path.Avx512BW;
    public static int Lanes => 16;
    public static bool UnsignedInput => false;
    public static int InputBytes => 2;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long ReadInput(ref byte image, nint at) => Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref image, 2 * at));
    public static PairSums<Vector512<int>> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PairSums<Vector512<short>> LoadWeights(ref sbyte source)
    {
        var bytes = Vector512.LoadUnsafe(ref source);
        return new(Vector512.WidenLower(bytes), Vector512.WidenUpper(bytes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PairSums<Vector512<int>> MultiplyAdd(PairSums<Vector512<int>> acc, PairSums<Vector512<short>> weights, long input4)
    {
        var input = Vector512.Create(input4).AsInt16();
        return new(acc.Even + Avx512BW.MultiplyAddAdjacent(weights.Even, input), acc.Odd + Avx512BW.MultiplyAddAdjacent(weights.Odd, input));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(PairSums<Vector512<int>> acc, ref int destination)
    {
        var even = Avx512F.PermuteVar16x32x2(acc.Even, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), acc.Odd);
        var odd = Avx512F.PermuteVar16x32x2(acc.Even, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), acc.Odd);
        (even + odd).StoreUnsafe(ref destination);
    }
}

/// <summary>
/// x64 SSE4.1: <see cref="Avx2Dot"/> at 128 bits, four channels per step (0–1 and 2–3 in two registers), the
/// width of NEON: the x64 stand-in for the Cortex-A72's widening path.
/// </summary>
internal readonly struct Sse41Dot : IInt8Dot<PairSums<Vector128<int>>, PairSums<Vector128<short>>>
{
    public static Int8Path Name => Int8Path.Sse41;
    public static int Lanes => 4;
    public static bool UnsignedInput => false;
    public static int InputBytes => 2;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long ReadInput(ref byte image, nint at) => Unsafe.ReadUnaligned<long>(ref Unsafe.Add(ref image, 2 * at));
    public static PairSums<Vector128<int>> Zero => default;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PairSums<Vector128<short>> LoadWeights(ref sbyte source)
    {
        var bytes = Vector128.LoadUnsafe(ref source);
        return new(Vector128.WidenLower(bytes), Vector128.WidenUpper(bytes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PairSums<Vector128<int>> MultiplyAdd(PairSums<Vector128<int>> acc, PairSums<Vector128<short>> weights, long input4)
    {
        var input = Vector128.Create(input4).AsInt16();
        return new(acc.Even + Sse2.MultiplyAddAdjacent(weights.Even, input), acc.Odd + Sse2.MultiplyAddAdjacent(weights.Odd, input));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(PairSums<Vector128<int>> acc, ref int destination) =>
        Ssse3.HorizontalAdd(acc.Even, acc.Odd).StoreUnsafe(ref destination);
}

/// <summary>ARM64 dot-product extension: <c>SDOT</c> (s8 × s8), four channels per register.</summary>
internal readonly struct AdvSimdDotProduct : IInt8Dot<Vector128<int>, Vector128<sbyte>>
{
    public static Int8Path Name => Int8Path.AdvSimdDot;
    public static int Lanes => 4;
    public static bool UnsignedInput => false;
    public static int InputBytes => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long ReadInput(ref byte image, nint at) => Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref image, at));
    public static Vector128<int> Zero => Vector128<int>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<sbyte> LoadWeights(ref sbyte source) => Vector128.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<int> acc, Vector128<sbyte> weights, long input4) =>
        Dp.DotProduct(acc, weights, Vector128.Create((int)input4).AsSByte());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<int> acc, ref int destination) => acc.StoreUnsafe(ref destination);
}

/// <summary>
/// ARM64 NEON without SDOT (Cortex-A72): <c>SMULL</c>/<c>SMULL2</c> to int16 products, <c>SADALP</c> adds them
/// pairwise into int32 (channels 0–1 and 2–3 in two registers). No int16 accumulation, so no overflow.
/// </summary>
internal readonly struct AdvSimdWideningDot : IInt8Dot<PairSums<Vector128<int>>, Vector128<sbyte>>
{
    public static Int8Path Name => Int8Path.AdvSimd;
    public static int Lanes => 4;
    public static bool UnsignedInput => false;
    public static int InputBytes => 1;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static long ReadInput(ref byte image, nint at) => Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref image, at));
    public static PairSums<Vector128<int>> Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<sbyte> LoadWeights(ref sbyte source) => Vector128.LoadUnsafe(ref source);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PairSums<Vector128<int>> MultiplyAdd(PairSums<Vector128<int>> acc, Vector128<sbyte> weights, long input4)
    {
        var input = Vector128.Create((int)input4).AsSByte();
        var low = AdvSimd.MultiplyWideningLower(weights.GetLower(), input.GetLower());
        var high = AdvSimd.MultiplyWideningUpper(weights, input);
        return new(AdvSimd.AddPairwiseWideningAndAdd(acc.Even, low), AdvSimd.AddPairwiseWideningAndAdd(acc.Odd, high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(PairSums<Vector128<int>> acc, ref int destination) =>
        AdvSimd.Arm64.AddPairwise(acc.Even, acc.Odd).StoreUnsafe(ref destination);
}

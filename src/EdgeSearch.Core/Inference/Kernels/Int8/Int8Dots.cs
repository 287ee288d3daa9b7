using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>Two vectors that travel together: a step's column pairs 0–1 and 2–3, or two partial accumulators.</summary>
internal readonly record struct VectorPair<TVec>(TVec First, TVec Second) where TVec : struct;

/// <summary>x64 AVX-VNNI: <c>vpdpbusd</c> (u8 input × s8 weights), eight channels per register.</summary>
internal readonly struct AvxVnniDot : IInt8Dot<Vector256<int>, Vector256<sbyte>, Vector256<byte>>
{
    public static Int8Path Name => Int8Path.AvxVnni;
    public static int Lanes => 8;
    public static bool UnsignedInput => true;
    public static int InputBytes => 1;
    public static int WeightBytes => 1;
    public static bool PairedWeights => false;
    public static Vector256<int> Zero => Vector256<int>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<sbyte> LoadWeights(ref sbyte source) => Vector256.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> ReadInput(ref byte image, nint at) => Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref image, at))).AsByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> acc, Vector256<sbyte> weights, Vector256<byte> input) => AvxVnni.MultiplyWideningAndAdd(acc, input, weights);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<int> acc, ref int destination) => acc.StoreUnsafe(ref destination);
}

/// <summary>
/// x64 AVX2: paired weights widened to int16 once per step, the input (widened once per image) broadcast as its
/// column pairs, and <c>vpmaddwd</c> sums each pair for eight channels at once, into one accumulator; exact, unlike
/// the saturating <c>vpmaddubsw</c>. One accumulator per pixel and block keeps a tile of four pixels × two blocks
/// within the sixteen registers that AVX2 has.
/// </summary>
internal readonly struct Avx2Dot : IInt8Dot<Vector256<int>, VectorPair<Vector256<short>>, VectorPair<Vector256<short>>>
{
    public static Int8Path Name => Int8Path.Avx2;
    public static int Lanes => 8;
    public static bool UnsignedInput => false;
    public static int InputBytes => 2;
    public static int WeightBytes => 1;
    public static bool PairedWeights => true;
    public static Vector256<int> Zero => Vector256<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorPair<Vector256<short>> LoadWeights(ref sbyte source)
    {
        var bytes = Vector256.LoadUnsafe(ref source);
        return new(Vector256.WidenLower(bytes), Vector256.WidenUpper(bytes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorPair<Vector256<short>> ReadInput(ref byte image, nint at)
    {
        ref var pair = ref Unsafe.Add(ref image, 2 * at);
        return new(Vector256.Create(Unsafe.ReadUnaligned<int>(ref pair)).AsInt16(), Vector256.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref pair, 4))).AsInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> MultiplyAdd(Vector256<int> acc, VectorPair<Vector256<short>> weights, VectorPair<Vector256<short>> input) =>
        acc + Avx2.MultiplyAddAdjacent(weights.First, input.First) + Avx2.MultiplyAddAdjacent(weights.Second, input.Second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<int> acc, ref int destination) => acc.StoreUnsafe(ref destination);
}

/// <summary>x64 AVX-512BW (no VNNI needed): <see cref="Avx2Dot"/> at 512 bits, sixteen channels per step.</summary>
internal readonly struct Avx512BWDot : IInt8Dot<Vector512<int>, VectorPair<Vector512<short>>, VectorPair<Vector512<short>>>
{
    public static Int8Path Name => Int8Path.Avx512BW;
    public static int Lanes => 16;
    public static bool UnsignedInput => false;
    public static int InputBytes => 2;
    public static int WeightBytes => 1;
    public static bool PairedWeights => true;
    public static Vector512<int> Zero => Vector512<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorPair<Vector512<short>> LoadWeights(ref sbyte source)
    {
        var bytes = Vector512.LoadUnsafe(ref source);
        return new(Vector512.WidenLower(bytes), Vector512.WidenUpper(bytes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorPair<Vector512<short>> ReadInput(ref byte image, nint at)
    {
        ref var pair = ref Unsafe.Add(ref image, 2 * at);
        return new(Vector512.Create(Unsafe.ReadUnaligned<int>(ref pair)).AsInt16(), Vector512.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref pair, 4))).AsInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<int> MultiplyAdd(Vector512<int> acc, VectorPair<Vector512<short>> weights, VectorPair<Vector512<short>> input) =>
        acc + Avx512BW.MultiplyAddAdjacent(weights.First, input.First) + Avx512BW.MultiplyAddAdjacent(weights.Second, input.Second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<int> acc, ref int destination) => acc.StoreUnsafe(ref destination);
}

/// <summary>
/// x64 SSE4.1: <see cref="Avx2Dot"/> at 128 bits, four channels per step, the width of NEON: the x64 stand-in for
/// the Cortex-A72's widening path.
/// </summary>
internal readonly struct Sse41Dot : IInt8Dot<Vector128<int>, VectorPair<Vector128<short>>, VectorPair<Vector128<short>>>
{
    public static Int8Path Name => Int8Path.Sse41;
    public static int Lanes => 4;
    public static bool UnsignedInput => false;
    public static int InputBytes => 2;
    public static int WeightBytes => 1;
    public static bool PairedWeights => true;
    public static Vector128<int> Zero => Vector128<int>.Zero;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorPair<Vector128<short>> LoadWeights(ref sbyte source)
    {
        var bytes = Vector128.LoadUnsafe(ref source);
        return new(Vector128.WidenLower(bytes), Vector128.WidenUpper(bytes));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorPair<Vector128<short>> ReadInput(ref byte image, nint at)
    {
        ref var pair = ref Unsafe.Add(ref image, 2 * at);
        return new(Vector128.Create(Unsafe.ReadUnaligned<int>(ref pair)).AsInt16(), Vector128.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref pair, 4))).AsInt16());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<int> acc, VectorPair<Vector128<short>> weights, VectorPair<Vector128<short>> input) =>
        acc + Sse2.MultiplyAddAdjacent(weights.First, input.First) + Sse2.MultiplyAddAdjacent(weights.Second, input.Second);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<int> acc, ref int destination) => acc.StoreUnsafe(ref destination);
}

/// <summary>ARM64 dot-product extension: <c>SDOT</c> (s8 × s8), four channels per register.</summary>
internal readonly struct AdvSimdDotProduct : IInt8Dot<Vector128<int>, Vector128<sbyte>, Vector128<sbyte>>
{
    public static Int8Path Name => Int8Path.AdvSimdDot;
    public static int Lanes => 4;
    public static bool UnsignedInput => false;
    public static int InputBytes => 1;
    public static int WeightBytes => 1;
    public static bool PairedWeights => false;
    public static Vector128<int> Zero => Vector128<int>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<sbyte> LoadWeights(ref sbyte source) => Vector128.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> ReadInput(ref byte image, nint at) => Vector128.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref image, at))).AsSByte();
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> MultiplyAdd(Vector128<int> acc, Vector128<sbyte> weights, Vector128<sbyte> input) => Dp.DotProduct(acc, weights, input);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<int> acc, ref int destination) => acc.StoreUnsafe(ref destination);
}

/// <summary>
/// ARM64 NEON without SDOT (Cortex-A72): <c>SMULL</c>/<c>SMULL2</c> to int16 products, <c>SADALP</c> adds them
/// pairwise into int32 (channels 0–1 and 2–3 in two accumulators, added pairwise at the store). No int16
/// accumulation, so no overflow; NEON's 32 registers hold the two accumulators of every pixel and block of a tile.
/// </summary>
internal readonly struct AdvSimdWideningDot : IInt8Dot<VectorPair<Vector128<int>>, Vector128<sbyte>, Vector128<sbyte>>
{
    public static Int8Path Name => Int8Path.AdvSimd;
    public static int Lanes => 4;
    public static bool UnsignedInput => false;
    public static int InputBytes => 1;
    public static int WeightBytes => 1;
    public static bool PairedWeights => false;
    public static VectorPair<Vector128<int>> Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<sbyte> LoadWeights(ref sbyte source) => Vector128.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<sbyte> ReadInput(ref byte image, nint at) => Vector128.Create(Unsafe.ReadUnaligned<int>(ref Unsafe.Add(ref image, at))).AsSByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorPair<Vector128<int>> MultiplyAdd(VectorPair<Vector128<int>> acc, Vector128<sbyte> weights, Vector128<sbyte> input)
    {
        var low = AdvSimd.MultiplyWideningLower(weights.GetLower(), input.GetLower());
        var high = AdvSimd.MultiplyWideningUpper(weights, input);
        return new(AdvSimd.AddPairwiseWideningAndAdd(acc.First, low), AdvSimd.AddPairwiseWideningAndAdd(acc.Second, high));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(VectorPair<Vector128<int>> acc, ref int destination) =>
        AdvSimd.Arm64.AddPairwise(acc.First, acc.Second).StoreUnsafe(ref destination);
}

/// <summary>
/// ARM64 NEON on int16, for the Winograd products (Cortex-A72): <see cref="Sse41Dot"/>'s loads, with <c>SMLAL</c> and
/// <c>SMLAL2</c> multiplying a column pair of two lanes each into int32 (columns side by side in two accumulators,
/// added pairwise at the store, as <see cref="AdvSimdWideningDot"/> does). Four int16 products per instruction,
/// as many as the A72's fp32 <c>FMLA</c>, where the direct path's <c>SMULL</c> and <c>SADALP</c> take two for eight.
/// </summary>
internal readonly struct AdvSimdWordDot : IInt8Dot<VectorPair<Vector128<int>>, VectorPair<Vector128<short>>, VectorPair<Vector128<short>>>
{
    public static Int8Path Name => Int8Path.AdvSimd;
    public static int Lanes => 4;
    public static bool UnsignedInput => false;
    public static int InputBytes => 2;
    public static int WeightBytes => 1;
    public static bool PairedWeights => true;
    public static VectorPair<Vector128<int>> Zero => default;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorPair<Vector128<short>> LoadWeights(ref sbyte source) => Sse41Dot.LoadWeights(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static VectorPair<Vector128<short>> ReadInput(ref byte image, nint at) => Sse41Dot.ReadInput(ref image, at);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static VectorPair<Vector128<int>> MultiplyAdd(VectorPair<Vector128<int>> acc, VectorPair<Vector128<short>> weights, VectorPair<Vector128<short>> input)
    {
        // Lanes 0–1 then 2–3, each as (column pair 0–1, then 2–3) products side by side.
        var low = AdvSimd.MultiplyWideningLowerAndAdd(acc.First, weights.First.GetLower(), input.First.GetLower());
        var high = AdvSimd.MultiplyWideningUpperAndAdd(acc.Second, weights.First, input.First);
        return new(AdvSimd.MultiplyWideningLowerAndAdd(low, weights.Second.GetLower(), input.Second.GetLower()),
            AdvSimd.MultiplyWideningUpperAndAdd(high, weights.Second, input.Second));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(VectorPair<Vector128<int>> acc, ref int destination) =>
        AdvSimd.Arm64.AddPairwise(acc.First, acc.Second).StoreUnsafe(ref destination);
}

using System.Runtime.CompilerServices;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// A <c>vpmaddwd</c> path (<typeparamref name="TDot"/>: int16 inputs, paired weights) reading int16 weights as
/// packed instead of widening int8 ones: for the Winograd products, whose transformed weights reach 9·128.
/// </summary>
internal readonly struct WideWeightDot<TDot, TAcc, TPair> : IInt8Dot<TAcc, TPair, TPair>
    where TDot : IInt8Dot<TAcc, TPair, TPair> where TAcc : struct where TPair : struct
{
    public static Int8Path Name => TDot.Name;
    public static int Lanes => TDot.Lanes;
    public static bool UnsignedInput => false;
    public static int InputBytes => 2;
    public static bool PairedWeights => true;
    public static int WeightBytes => 2;
    public static TAcc Zero => TDot.Zero;

    /// <summary>Columns 0–1 of every lane, then 2–3: the two int16 vectors of a <typeparamref name="TPair"/>, in memory order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TPair LoadWeights(ref sbyte source) => Unsafe.ReadUnaligned<TPair>(ref Unsafe.As<sbyte, byte>(ref source));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TPair ReadInput(ref byte image, nint at) => TDot.ReadInput(ref image, at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc MultiplyAdd(TAcc acc, TPair weights, TPair input) => TDot.MultiplyAdd(acc, weights, input);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(TAcc acc, ref int destination) => TDot.Store(acc, ref destination);
}

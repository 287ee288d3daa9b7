namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// One int8 path's multiply-accumulate, written once per instruction set so <see cref="Int8Gemm{TDot, TAcc, TWeights}"/>
/// is written once for all. An accumulator holds <see cref="Lanes"/> output channels of one pixel; each step adds four
/// consecutive products per channel: weights packed by <see cref="PackedInt8Weights"/> times four input bytes.
/// </summary>
internal interface IInt8Dot<TAcc, TWeights> where TAcc : struct where TWeights : struct
{
    /// <summary>The <see cref="Int8Path"/> it implements.</summary>
    static abstract Int8Path Name { get; }

    /// <summary>Output channels per accumulator.</summary>
    static abstract int Lanes { get; }

    /// <summary>True when the instruction takes the input as unsigned bytes: the input is then stored offset by 128.</summary>
    static abstract bool UnsignedInput { get; }

    /// <summary>
    /// Bytes the padded image holds per input value: 1, or 2 for the <c>vpmaddwd</c> paths, which read it widened to
    /// int16 once per image so that each step broadcasts four inputs with one load instead of widening them again.
    /// </summary>
    static abstract int InputBytes { get; }

    static abstract TAcc Zero { get; }

    /// <summary>Loads <see cref="Lanes"/>×4 packed weight bytes.</summary>
    static abstract TWeights LoadWeights(ref sbyte source);

    /// <summary>Four consecutive inputs starting at input <paramref name="at"/> of the padded image, as the path reads them.</summary>
    static abstract long ReadInput(ref byte image, nint at);

    /// <summary>Adds, for every lane, its four weights times the four inputs of <paramref name="input4"/> (from <see cref="ReadInput"/>).</summary>
    static abstract TAcc MultiplyAdd(TAcc acc, TWeights weights, long input4);

    /// <summary>Writes <see cref="Lanes"/> int32 sums.</summary>
    static abstract void Store(TAcc acc, ref int destination);
}

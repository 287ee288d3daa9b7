namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// One int8 path's multiply-accumulate, written once per instruction set so
/// <see cref="Int8Gemm{TDot, TAcc, TWeights, TInput}"/> is written once for all. An accumulator holds
/// <see cref="Lanes"/> output channels of one pixel; each step adds four consecutive products per channel: weights
/// packed by <see cref="PackedInt8Weights"/> times four inputs, read once per pixel and shared by every weight block.
/// </summary>
internal interface IInt8Dot<TAcc, TWeights, TInput> where TAcc : struct where TWeights : struct where TInput : struct
{
    /// <summary>The <see cref="Int8Path"/> it implements.</summary>
    static abstract Int8Path Name { get; }

    /// <summary>Output channels per accumulator.</summary>
    static abstract int Lanes { get; }

    /// <summary>True when the instruction takes the input as unsigned bytes: the input is then stored offset by 128.</summary>
    static abstract bool UnsignedInput { get; }

    /// <summary>
    /// Bytes the padded image holds per input value: 1, or 2 for the <c>vpmaddwd</c> paths, which read it widened to
    /// int16 once per image so that each step broadcasts its inputs with plain loads instead of widening them again.
    /// </summary>
    static abstract int InputBytes { get; }

    /// <summary>
    /// True when a step's weights lie as columns 0–1 of every lane, then columns 2–3 of every lane (the <c>vpmaddwd</c>
    /// paths: one instruction then sums a column pair for all lanes), instead of four columns per lane.
    /// </summary>
    static abstract bool PairedWeights { get; }

    /// <summary>Bytes per packed weight: 1, or 2 where the weights are int16 already (<see cref="WideWeightDot{TDot, TAcc, TPair}"/>).</summary>
    static abstract int WeightBytes { get; }

    static abstract TAcc Zero { get; }

    /// <summary>Loads <see cref="Lanes"/>×4 packed weights.</summary>
    static abstract TWeights LoadWeights(ref sbyte source);

    /// <summary>Four consecutive inputs starting at input <paramref name="at"/> of the padded image, broadcast as the path multiplies them.</summary>
    static abstract TInput ReadInput(ref byte image, nint at);

    /// <summary>Adds, for every lane, its four weights times the four inputs of <paramref name="input"/>.</summary>
    static abstract TAcc MultiplyAdd(TAcc acc, TWeights weights, TInput input);

    /// <summary>Writes <see cref="Lanes"/> int32 sums.</summary>
    static abstract void Store(TAcc acc, ref int destination);
}

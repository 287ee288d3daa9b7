using EdgeSearch.Core.Inference.Graph;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Kernels.Int8;

namespace EdgeSearch.Core.Inference.Steps;

/// <summary>An int8 convolution or Gemm, image by image, into an int8 tensor or (when nothing requantizes it) a float one.</summary>
internal sealed class Int8ConvStep(Int8ConvKernel kernel, QuantizedTensor input, QuantizedTensor? int8Output, BatchedTensor? floatOutput) : IStep
{
    public int ScratchLength => kernel.ScratchLength;
    public string Path => kernel.Path;

    public void Run(Span<float> arena, int count, Span<float> scratch)
    {
        for (var i = 0; i < count; i++)
            kernel.Run(input.Item(arena, i), int8Output is null ? default : int8Output.Item(arena, i),
                floatOutput is null ? default : floatOutput.Item(arena, i), scratch);
    }

    public bool RunsItemsAlone => true;

    public void RunItemsAlone(Span<float> arena, int first, int count, Span<float> scratch)
    {
        for (var i = first; i < first + count; i++)
            kernel.RunAlone(input.Item(arena, i), int8Output is null ? default : int8Output.Item(arena, i),
                floatOutput is null ? default : floatOutput.Item(arena, i), scratch);
    }
}

/// <summary>A max-pool run on int8 values, when its input and output share one quantization.</summary>
internal sealed class Int8MaxPoolStep(PoolGeometry pool, QuantizedTensor input, QuantizedTensor output, bool simd) : IStep
{
    public int ScratchLength => 0;
    public string Path => QuantizedRows.Path(simd);

    public void Run(Span<float> arena, int count, Span<float> scratch) => RunItemsAlone(arena, 0, count, scratch);

    public bool RunsItemsAlone => true;

    public void RunItemsAlone(Span<float> arena, int first, int count, Span<float> scratch)
    {
        for (var i = first; i < first + count; i++) Int8MaxPool.Run(pool, input.Item(arena, i), output.Item(arena, i), simd);
    }
}

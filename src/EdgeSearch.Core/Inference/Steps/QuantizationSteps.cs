using EdgeSearch.Core.Inference.Graph;
using EdgeSearch.Core.Inference.Kernels.Int8;

namespace EdgeSearch.Core.Inference.Steps;

/// <summary>ONNX QuantizeLinear of a float tensor (channels first) into an int8 one (channels last).</summary>
internal sealed class QuantizeStep(BatchedTensor input, QuantizedTensor output) : IStep
{
    public int ScratchLength => 0;

    public void Run(Span<float> arena, int count, Span<float> scratch)
    {
        var channels = output.Channels;
        var plane = output.ItemLength / channels;
        for (var i = 0; i < count; i++)
        {
            var x = input.Item(arena, i);
            var q = output.Item(arena, i);
            for (var c = 0; c < channels; c++)
            {
                var p = new QuantParams(output.Scale(c), output.ZeroPoint(c));
                for (var s = 0; s < plane; s++) q[s * channels + c] = p.Quantize(x[c * plane + s]);
            }
        }
    }
}

/// <summary>ONNX DequantizeLinear of an int8 tensor (channels last) into a float one (channels first).</summary>
internal sealed class DequantizeStep(QuantizedTensor input, BatchedTensor output) : IStep
{
    public int ScratchLength => 0;

    public void Run(Span<float> arena, int count, Span<float> scratch)
    {
        var channels = input.Channels;
        var plane = input.ItemLength / channels;
        for (var i = 0; i < count; i++)
        {
            var q = input.Item(arena, i);
            var x = output.Item(arena, i);
            for (var c = 0; c < channels; c++)
            {
                var p = new QuantParams(input.Scale(c), input.ZeroPoint(c));
                for (var s = 0; s < plane; s++) x[c * plane + s] = p.Dequantize(q[s * channels + c]);
            }
        }
    }
}

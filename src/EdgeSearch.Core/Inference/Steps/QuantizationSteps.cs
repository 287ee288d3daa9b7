using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EdgeSearch.Core.Inference.Graph;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Core.Inference.Kernels.Int8;

namespace EdgeSearch.Core.Inference.Steps;

/// <summary>
/// ONNX QuantizeLinear of a float tensor (channels first) into an int8 one (channels last): each channel plane is
/// quantised in vectors into the scratch, then its bytes are spread to their channels-last places.
/// </summary>
/// <param name="width">The vector width of the quantization (null: the reference).</param>
internal sealed class QuantizeStep(BatchedTensor input, QuantizedTensor output, VectorWidth? width) : IStep
{
    private int Plane => output.ItemLength / output.Channels;

    /// <summary>
    /// The quantization of an item whose two layouts agree (one channel, or one pixel) and whose channels share it:
    /// such an item is quantised in one run (a pooled vector of 96 channels took 96 calls of one value each).
    /// </summary>
    private readonly QuantParams? _oneRun = output.LayoutFree ? output.PerTensor : null;

    public int ScratchLength => _oneRun is null ? (Plane + 3) / 4 : 0;
    public string Path => QuantizedRows.Path(width);

    public void Run(Span<float> arena, int count, Span<float> scratch) => RunItemsAlone(arena, 0, count, scratch);

    public bool RunsItemsAlone => true;

    public void RunItemsAlone(Span<float> arena, int first, int count, Span<float> scratch)
    {
        var channels = output.Channels;
        var plane = output.ItemLength / channels;
        for (var i = first; i < first + count; i++)
        {
            var x = input.Item(arena, i);
            var q = output.Item(arena, i);
            if (_oneRun is { } whole)
            {
                QuantizedRows.Quantize(x[..output.ItemLength], whole, q, width);
                continue;
            }
            var quantized = MemoryMarshal.Cast<float, sbyte>(scratch)[..plane];
            if (q.Length < plane * channels) throw new InvalidOperationException("The int8 tensor is shorter than its shape.");
            for (var c = 0; c < channels; c++)
            {
                QuantizedRows.Quantize(x.Slice(c * plane, plane), new QuantParams(output.Scale(c), output.ZeroPoint(c)), quantized, width);
                // Unchecked strided stores: the length was checked above, and the checks cost more than the copy.
                ref var channel = ref Unsafe.Add(ref MemoryMarshal.GetReference(q), c);
                for (var s = 0; s < plane; s++) Unsafe.Add(ref channel, s * channels) = quantized[s];
            }
        }
    }
}

/// <summary>ONNX DequantizeLinear of an int8 tensor (channels last) into a float one (channels first).</summary>
internal sealed class DequantizeStep(QuantizedTensor input, BatchedTensor output) : IStep
{
    public int ScratchLength => 0;
    public string Path => "scalar transpose";

    public void Run(Span<float> arena, int count, Span<float> scratch) => RunItemsAlone(arena, 0, count, scratch);

    public bool RunsItemsAlone => true;

    public void RunItemsAlone(Span<float> arena, int first, int count, Span<float> scratch)
    {
        var channels = input.Channels;
        var plane = input.ItemLength / channels;
        for (var i = first; i < first + count; i++)
        {
            var q = input.Item(arena, i);
            var x = output.Item(arena, i)[..(channels * plane)];
            if (q.Length < channels * plane) throw new InvalidOperationException("The int8 tensor is shorter than its shape.");
            // Unchecked strided reads: this transpose runs on every image, and its bounds checks cost more than its arithmetic.
            ref var values = ref MemoryMarshal.GetReference(q);
            for (var c = 0; c < channels; c++)
            {
                var p = new QuantParams(input.Scale(c), input.ZeroPoint(c));
                var row = x.Slice(c * plane, plane);
                ref var channel = ref Unsafe.Add(ref values, c);
                for (var s = 0; s < row.Length; s++) row[s] = p.Dequantize(Unsafe.Add(ref channel, s * channels));
            }
        }
    }
}

/// <summary>
/// QuantizeLinear then DequantizeLinear of a float tensor (channels first) that nothing reads as int8, such as the
/// image before a float involution: each channel plane quantized into the scratch and straight back, with the two
/// steps' arithmetic but neither's channels-last transpose.
/// </summary>
/// <param name="width">The vector width of the quantization (null: the reference; the dequantization runs at 128 bits).</param>
internal sealed class FakeQuantizeStep(BatchedTensor input, QuantizedTensor quantized, QuantizedTensor dequantized, BatchedTensor output, VectorWidth? width) : IStep
{
    private int Plane => output.ItemLength / dequantized.Channels;

    public int ScratchLength => (Plane + 3) / 4;
    public string Path => QuantizedRows.Path(width);

    public void Run(Span<float> arena, int count, Span<float> scratch) => RunItemsAlone(arena, 0, count, scratch);

    public bool RunsItemsAlone => true;

    public void RunItemsAlone(Span<float> arena, int first, int count, Span<float> scratch)
    {
        var plane = Plane;
        var bytes = MemoryMarshal.Cast<float, sbyte>(scratch)[..plane];
        for (var i = first; i < first + count; i++)
        {
            var x = input.Item(arena, i);
            var y = output.Item(arena, i);
            for (var c = 0; c < dequantized.Channels; c++)
            {
                QuantizedRows.Quantize(x.Slice(c * plane, plane), new QuantParams(quantized.Scale(c), quantized.ZeroPoint(c)), bytes, width);
                QuantizedRows.Dequantize(bytes, new QuantParams(dequantized.Scale(c), dequantized.ZeroPoint(c)), y.Slice(c * plane, plane), width is not null);
            }
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using EdgeSearch.Core.Inference.Graph;
using EdgeSearch.Core.Inference.Kernels.Int8;

namespace EdgeSearch.Core.Inference.Steps;

/// <summary>
/// GlobalAveragePool read straight from an int8 tensor (channels last): each channel's bytes are summed as integers
/// and dequantised once, <c>scale · (Σq − zp · plane) / plane</c>, instead of dequantising every value first.
/// </summary>
internal sealed class QuantizedGlobalAveragePoolStep(QuantizedTensor input, BatchedTensor output, bool simd) : IStep
{
    /// <summary>Pixels summed in int16 lanes before they are widened: 255 · 128 still fits.</summary>
    private const int RunLength = 255;

    private readonly int[] _sums = new int[input.Channels];

    public int ScratchLength => 0;
    public string Path => QuantizedRows.Path(simd);

    public void Run(Span<float> arena, int count, Span<float> scratch)
    {
        var channels = input.Channels;
        var plane = input.ItemLength / channels;
        for (var i = 0; i < count; i++)
        {
            var q = input.Item(arena, i);
            var y = output.Item(arena, i)[..channels];
            if (q.Length < channels * plane) throw new InvalidOperationException("The int8 tensor is shorter than its shape.");
            ref var value = ref MemoryMarshal.GetReference(q);
            var c0 = 0;
            // Sixteen channels at a time in int16 lanes, exact over runs of up to 255 pixels (255 · 128 fits an
            // int16); each run's sums are widened into the int32 totals.
            if (simd)
                for (; c0 + 16 <= channels; c0 += 16)
                {
                    var (total0, total1, total2, total3) = (Vector128<int>.Zero, Vector128<int>.Zero, Vector128<int>.Zero, Vector128<int>.Zero);
                    for (var run = 0; run < plane; run += RunLength)
                    {
                        var (low, high) = (Vector128<short>.Zero, Vector128<short>.Zero);
                        for (var s = run; s < Math.Min(run + RunLength, plane); s++)
                        {
                            var (l, h) = Vector128.Widen(Vector128.LoadUnsafe(ref value, (nuint)(s * channels + c0)));
                            (low, high) = (low + l, high + h);
                        }
                        var ((a, b), (c, d)) = (Vector128.Widen(low), Vector128.Widen(high));
                        (total0, total1, total2, total3) = (total0 + a, total1 + b, total2 + c, total3 + d);
                    }
                    total0.CopyTo(_sums, c0);
                    total1.CopyTo(_sums, c0 + 4);
                    total2.CopyTo(_sums, c0 + 8);
                    total3.CopyTo(_sums, c0 + 12);
                }
            for (var c = c0; c < channels; c++)
            {
                var sum = 0;
                for (var s = 0; s < plane; s++) sum += Unsafe.Add(ref value, s * channels + c);
                _sums[c] = sum;
            }
            for (var c = 0; c < channels; c++)
                y[c] = input.Scale(c) * (_sums[c] - input.ZeroPoint(c) * plane) / plane;
        }
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// The involution fused into one pass over a vector of pixels in a row: reduce, ReLU, span and the weighted
/// K×K sum, with the generated kernel held for that vector only. The unfolded tensor never exists; windows are
/// read from a zero-bordered copy of the input. The row remainder is an overlapping last vector, so the plane
/// must be at least one vector wide (the planner falls back to the reference otherwise).
/// </summary>
internal sealed class SimdInvolutionKernel<TVec, TSimd>(Involution inv) : IImageKernel where TVec : struct where TSimd : ISimd<TVec>
{
    private readonly int _half = inv.KernelSize / 2;
    private int PaddedWidth => inv.Width + 2 * _half;
    private int PaddedPlane => (inv.Height + 2 * _half) * PaddedWidth;
    private int Lanes => TSimd.Count;

    public int ScratchLength => inv.Channels * PaddedPlane + (inv.Reduced + inv.Taps) * Lanes;
    public string Path => VectorWidths.Name(TSimd.Width);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        if (inv.Width < Lanes || image.Length < inv.Length || output.Length < inv.Length || scratch.Length < ScratchLength)
            throw new ArgumentException("Involution buffers are smaller than its geometry.");
        var padded = scratch[..(inv.Channels * PaddedPlane)];
        Pad(image, padded);
        var reduced = scratch.Slice(padded.Length, inv.Reduced * Lanes);
        var kernel = scratch.Slice(padded.Length + reduced.Length, inv.Taps * Lanes);
        for (var y = 0; y < inv.Height; y++)
        {
            var x = 0;
            for (; x + Lanes <= inv.Width; x += Lanes) Pixels(image, padded, output, reduced, kernel, y, x);
            if (x < inv.Width) Pixels(image, padded, output, reduced, kernel, y, inv.Width - Lanes);
        }
    }

    private void Pad(ReadOnlySpan<float> image, Span<float> padded) =>
        PlaneRows<TVec, TSimd>.Pad(image, inv.Channels, inv.Height, inv.Width, padded, PaddedPlane, PaddedWidth, _half, _half);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Pixels(ReadOnlySpan<float> image, Span<float> padded, Span<float> output, Span<float> reduced, Span<float> kernel, int y, int x)
    {
        ref var src = ref MemoryMarshal.GetReference(image);
        ref var pad = ref MemoryMarshal.GetReference(padded);
        ref var dst = ref MemoryMarshal.GetReference(output);
        ref var red = ref MemoryMarshal.GetReference(reduced);
        ref var ker = ref MemoryMarshal.GetReference(kernel);
        ref var reduceWeights = ref MemoryMarshal.GetArrayDataReference(inv.ReduceWeights);
        ref var spanWeights = ref MemoryMarshal.GetArrayDataReference(inv.SpanWeights);
        var (channels, reducedCount, taps, size, plane, paddedWidth) = (inv.Channels, inv.Reduced, inv.Taps, inv.KernelSize, (nuint)inv.Plane, (nuint)PaddedWidth);
        var lanes = (nuint)Lanes;
        var pixel = (nuint)(y * inv.Width + x);
        for (var r = 0; r < reducedCount; r++)
        {
            var sum = TSimd.Broadcast(inv.ReduceBias[r]);
            for (var c = 0; c < channels; c++)
                sum = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref reduceWeights, r * channels + c)), TSimd.Load(ref src, (nuint)c * plane + pixel), sum);
            TSimd.Store(TSimd.Max(sum, TSimd.Broadcast(0f)), ref red, (nuint)r * lanes);
        }
        for (var group = 0; group < inv.Groups; group++)
        {
            for (var t = 0; t < taps; t++)
            {
                var row = group * taps + t;
                var sum = TSimd.Broadcast(inv.SpanBias[row]);
                for (var r = 0; r < reducedCount; r++)
                    sum = TSimd.MultiplyAdd(TSimd.Broadcast(Unsafe.Add(ref spanWeights, row * reducedCount + r)), TSimd.Load(ref red, (nuint)r * lanes), sum);
                TSimd.Store(sum, ref ker, (nuint)t * lanes);
            }
            for (var c = group * inv.GroupChannels; c < (group + 1) * inv.GroupChannels; c++)
            {
                // Window (ky, kx) of output pixel (y, x) starts at padded (y + ky, x + kx); a row's taps sum apart,
                // so the chain of dependent multiply-adds is K long, not K².
                ref var window = ref Unsafe.Add(ref pad, (nuint)(c * PaddedPlane + y * PaddedWidth + x));
                var sum = TSimd.Broadcast(0f);
                for (var ky = 0; ky < size; ky++)
                {
                    ref var taps0 = ref Unsafe.Add(ref ker, (nuint)(ky * size) * lanes);
                    ref var row = ref Unsafe.Add(ref window, (nuint)ky * paddedWidth);
                    var rowSum = TSimd.Multiply(TSimd.Load(ref taps0, 0), TSimd.Load(ref row, 0));
                    for (var kx = 1; kx < size; kx++)
                        rowSum = TSimd.MultiplyAdd(TSimd.Load(ref taps0, (nuint)kx * lanes), TSimd.Load(ref row, (nuint)kx), rowSum);
                    sum = TSimd.Add(sum, rowSum);
                }
                TSimd.Store(sum, ref dst, (nuint)c * plane + pixel);
            }
        }
    }
}

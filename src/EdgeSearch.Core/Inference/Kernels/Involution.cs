namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// An involution layer (docs/model.md): per pixel, a kernel generated from the pixel's own channels
/// (1×1 conv → ReLU → 1×1 conv) weighs its K×K neighbourhood, one kernel per channel group. Stride 1, zero padding K/2.
/// </summary>
internal sealed record Involution(
    int Channels, int Height, int Width, int KernelSize, int Groups, int Reduced,
    float[] ReduceWeights, float[] ReduceBias, float[] SpanWeights, float[] SpanBias)
{
    public int Plane => Height * Width;
    public int Taps => KernelSize * KernelSize;
    public int GroupChannels => Channels / Groups;
    public int Length => Channels * Plane;

    /// <summary>Multiply-accumulates of one image: the kernel generator's two 1×1 convolutions, then the weighing.</summary>
    public long MultiplyAdds => (long)Plane * (Reduced * Channels + Groups * Taps * Reduced + Channels * Taps);
}

/// <summary>The involution as its formula reads, one pixel at a time.</summary>
internal sealed class ReferenceInvolutionKernel(Involution inv) : IImageKernel
{
    public int ScratchLength => inv.Reduced + inv.Groups * inv.Taps;
    public string Path => VectorWidths.Name(null);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        var reduced = scratch[..inv.Reduced];
        var kernel = scratch.Slice(inv.Reduced, inv.Groups * inv.Taps);
        var half = inv.KernelSize / 2;
        for (var y = 0; y < inv.Height; y++)
        for (var x = 0; x < inv.Width; x++)
        {
            var pixel = y * inv.Width + x;
            for (var r = 0; r < inv.Reduced; r++)
            {
                var sum = inv.ReduceBias[r];
                for (var c = 0; c < inv.Channels; c++) sum += inv.ReduceWeights[r * inv.Channels + c] * image[c * inv.Plane + pixel];
                reduced[r] = MathF.Max(sum, 0f);
            }
            for (var t = 0; t < kernel.Length; t++)
            {
                var sum = inv.SpanBias[t];
                for (var r = 0; r < inv.Reduced; r++) sum += inv.SpanWeights[t * inv.Reduced + r] * reduced[r];
                kernel[t] = sum;
            }
            for (var c = 0; c < inv.Channels; c++)
            {
                var group = c / inv.GroupChannels;
                var sum = 0f;
                for (var ky = 0; ky < inv.KernelSize; ky++)
                for (var kx = 0; kx < inv.KernelSize; kx++)
                {
                    var sy = y + ky - half;
                    var sx = x + kx - half;
                    if (sy < 0 || sy >= inv.Height || sx < 0 || sx >= inv.Width) continue;
                    sum += kernel[group * inv.Taps + ky * inv.KernelSize + kx] * image[c * inv.Plane + sy * inv.Width + sx];
                }
                output[c * inv.Plane + pixel] = sum;
            }
        }
    }
}

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// A convolution kernel that splits an image's work into parts (<see cref="IntraOpThreads"/>), each on scratch of its
/// own (<see cref="IntraOpThreads.Share"/>), or runs it whole on the caller (<see cref="RunAlone"/>, and with one
/// thread).
/// </summary>
internal abstract unsafe class SplitConvKernel(FusedConv conv, IntraOpThreads threads) : IImageKernel, IPartitioned
{
    // The memory of a split call: fixed by Run while its parts run.
    private FixedSpan<float> _image, _output, _parts;

    public abstract string Path { get; }

    /// <summary>Floats of scratch one part needs, in whole 64-byte lines (<see cref="IntraOpThreads.PartLength"/>).</summary>
    protected abstract int PartLength { get; }

    public int ScratchLength => threads.Count * PartLength;

    /// <summary>Part <paramref name="part"/> of <paramref name="parts"/> of the image's work, on <paramref name="scratch"/>, the part's own.</summary>
    protected abstract void Compute(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch, int part, int parts);

    public void Run(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        var g = conv.Geometry;
        RequireBuffers(image, output, scratch, ScratchLength);
        if (threads.Count == 1)
        {
            Compute(image, output, scratch[..PartLength], 0, 1);
            return;
        }
        fixed (float* input = image, outputs = output, parts = scratch)
        {
            (_image, _output, _parts) = (new(input, g.InChannels * g.InPlane), new(outputs, output.Length), new(parts, scratch.Length));
            threads.Run(this);
        }
    }

    public void RunAlone(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch)
    {
        RequireBuffers(image, output, scratch, PartLength);
        Compute(image, output, scratch[..PartLength], 0, 1);
    }

    private void RequireBuffers(ReadOnlySpan<float> image, Span<float> output, Span<float> scratch, int scratchLength)
    {
        var g = conv.Geometry;
        if (image.Length < g.InChannels * g.InPlane || output.Length < conv.OutputLength || scratch.Length < scratchLength)
            throw new ArgumentException("Convolution buffers are smaller than its geometry.");
    }

    public void RunPart(int part, int parts) =>
        Compute(_image.Span, _output.Span, IntraOpThreads.Share(_parts.Span, part, parts, PartLength), part, parts);
}

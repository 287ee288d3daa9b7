namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>A 2-D convolution of one image (dilation 1), with weights <c>[OutChannels, InChannels/Groups, KernelHeight, KernelWidth]</c>.</summary>
internal sealed record ConvGeometry(
    int InChannels, int InHeight, int InWidth, int OutChannels, int KernelHeight, int KernelWidth,
    int StrideH, int StrideW, int PadTop, int PadLeft, int PadBottom, int PadRight, int Groups)
{
    public int OutHeight => (InHeight + PadTop + PadBottom - KernelHeight) / StrideH + 1;
    public int OutWidth => (InWidth + PadLeft + PadRight - KernelWidth) / StrideW + 1;
    public int InPlane => InHeight * InWidth;
    public int OutPlane => OutHeight * OutWidth;
    public int GroupInChannels => InChannels / Groups;
    public int GroupOutChannels => OutChannels / Groups;

    /// <summary>Length of one output channel's weights: the inner dimension of the convolution as a matrix product.</summary>
    public int PatchLength => GroupInChannels * KernelHeight * KernelWidth;

    /// <summary>Multiply-accumulates of one image.</summary>
    public long MultiplyAdds => (long)OutChannels * OutPlane * PatchLength;

    /// <summary>True when the SIMD kernel reads windows as shifted rows of the padded image (stride 1).</summary>
    public bool IsUnitStride => StrideH == 1 && StrideW == 1;

    /// <summary>
    /// Columns the SIMD kernel computes per output channel: with unit stride, rows of the padded width up to the
    /// last output (the padding columns between rows included); else one per output.
    /// </summary>
    public int SimdColumns => IsUnitStride ? (OutHeight - 1) * (InWidth + PadLeft + PadRight) + OutWidth : OutPlane;

    /// <summary>A 1×1, stride 1, unpadded convolution reads its input as the patch matrix itself.</summary>
    public bool IsPointwise => KernelHeight == 1 && KernelWidth == 1 && StrideH == 1 && StrideW == 1
        && PadTop == 0 && PadLeft == 0 && PadBottom == 0 && PadRight == 0;
}

/// <summary>A convolution with everything fused into its pass: bias, activation and an optional pool.</summary>
internal sealed record FusedConv(ConvGeometry Geometry, float[] Weights, float[] Bias, Activation Activation, PoolGeometry? Pool)
{
    public int OutputLength => Pool is null ? Geometry.OutChannels * Geometry.OutPlane : Pool.Channels * Pool.OutPlane;
}

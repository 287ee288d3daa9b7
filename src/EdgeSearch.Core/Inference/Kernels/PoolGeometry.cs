namespace EdgeSearch.Core.Inference.Kernels;

internal enum PoolKind
{
    Max,
    Average,
}

/// <summary>A 2-D pooling window over every channel plane of one image.</summary>
internal sealed record PoolGeometry(
    PoolKind Kind, int Channels, int InHeight, int InWidth, int KernelHeight, int KernelWidth,
    int StrideH, int StrideW, int PadTop, int PadLeft, int PadBottom, int PadRight, bool CountIncludePad)
{
    public int OutHeight => (InHeight + PadTop + PadBottom - KernelHeight) / StrideH + 1;
    public int OutWidth => (InWidth + PadLeft + PadRight - KernelWidth) / StrideW + 1;
    public int InPlane => InHeight * InWidth;
    public int OutPlane => OutHeight * OutWidth;
}

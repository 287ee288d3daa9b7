namespace EdgeSearch.Core.Imaging;

/// <summary>The size and colour of the 8-bit CHW images a model takes.</summary>
public sealed record ImageShape
{
    public ImageShape(ColorMode color, int height, int width)
    {
        if (!Enum.IsDefined(color))
            throw new ArgumentOutOfRangeException(nameof(color), color, "Unknown colour mode.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        Color = color;
        Height = height;
        Width = width;
    }

    public ColorMode Color { get; }
    public int Height { get; }
    public int Width { get; }
    public int Channels => Color == ColorMode.Gray ? 1 : 3;

    /// <summary>Bytes of one CHW image.</summary>
    public int Size => Channels * Height * Width;

    public override string ToString() => $"{Color.ToString().ToLowerInvariant()} {Height}x{Width}";
}

namespace EdgeSearch.Core.Datasets;

/// <summary>
/// Labelled 8-bit images of one size, stored planar (CHW) and back to back, as every reader produces them.
/// </summary>
public sealed class ImageSet
{
    public ImageSet(int channels, int height, int width, byte[] pixels, int[] labels, IReadOnlyList<string> classNames)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if ((long)labels.Length * channels * height * width != pixels.Length)
            throw new ArgumentException($"{pixels.Length} pixel bytes do not hold {labels.Length} images of {channels}x{height}x{width}.");
        foreach (var label in labels)
            if ((uint)label >= (uint)classNames.Count)
                throw new ArgumentException($"Label {label} is outside the {classNames.Count} class names.");
        Channels = channels;
        Height = height;
        Width = width;
        Pixels = pixels;
        Labels = labels;
        ClassNames = classNames;
    }

    public int Count => Labels.Length;
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public int ImageSize => Channels * Height * Width;
    public byte[] Pixels { get; }
    public int[] Labels { get; }
    public IReadOnlyList<string> ClassNames { get; }

    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * ImageSize, ImageSize);

    /// <summary>The images at <paramref name="indices"/>, in that order.</summary>
    public ImageSet Subset(IReadOnlyList<int> indices)
    {
        var pixels = new byte[indices.Count * ImageSize];
        var labels = new int[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Image(indices[i]).CopyTo(pixels.AsSpan(i * ImageSize));
            labels[i] = Labels[indices[i]];
        }
        return new ImageSet(Channels, Height, Width, pixels, labels, ClassNames);
    }

    /// <summary>
    /// The images of every class but <paramref name="leftOut"/>, their labels renumbered over the classes kept (in
    /// their order): a network trained on it has never seen the classes left out.
    /// </summary>
    public ImageSet Without(IReadOnlyCollection<string> leftOut)
    {
        var unknown = leftOut.Where(name => !ClassNames.Contains(name)).ToArray();
        if (unknown.Length > 0)
            throw new ArgumentException($"No class {string.Join(", ", unknown.Select(n => $"'{n}'"))} to leave out; the classes are {string.Join(", ", ClassNames)}.");
        var kept = ClassNames.Where(name => !leftOut.Contains(name)).ToArray();
        if (kept.Length == 0) throw new ArgumentException("Leaving out every class leaves nothing to train on.");
        var renumbered = ClassNames.Select(name => Array.IndexOf(kept, name)).ToArray();
        var indices = Enumerable.Range(0, Count).Where(i => renumbered[Labels[i]] >= 0).ToArray();
        var subset = Subset(indices);
        return new ImageSet(Channels, Height, Width, subset.Pixels, [.. subset.Labels.Select(label => renumbered[label])], kept);
    }
}

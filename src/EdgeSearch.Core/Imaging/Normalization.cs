using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Core.Imaging;

/// <summary>
/// Turns 8-bit CHW pixels into the float CHW a model takes: <c>(pixel/255 - mean[c]) / std[c]</c>.
/// </summary>
/// <remarks>
/// A byte has 256 values, so each channel keeps a 256-entry table computed with exactly that formula
/// in float: every caller (training, enrolment, matching) gets bit-identical inputs, for one load per pixel.
/// </remarks>
public sealed class Normalization
{
    private const int Levels = 256;
    private readonly float[] table;

    public Normalization(IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        if (mean.Count == 0 || mean.Count != std.Count)
            throw new ArgumentException($"Normalisation needs one mean and one std per channel, got {mean.Count} means and {std.Count} stds.");
        for (var c = 0; c < mean.Count; c++)
        {
            if (!float.IsFinite(mean[c]))
                throw new ArgumentException($"Mean of channel {c} is {mean[c]}; it must be finite.", nameof(mean));
            if (!float.IsFinite(std[c]) || std[c] <= 0)
                throw new ArgumentException($"Std of channel {c} is {std[c]}; it must be positive and finite.", nameof(std));
        }
        Mean = mean.ToArray();
        Std = std.ToArray();
        table = new float[Channels * Levels];
        for (var c = 0; c < Channels; c++)
            for (var level = 0; level < Levels; level++)
                table[c * Levels + level] = (level / 255f - mean[c]) / std[c];
    }

    public IReadOnlyList<float> Mean { get; }
    public IReadOnlyList<float> Std { get; }
    public int Channels => Mean.Count;

    /// <summary>Normalises one CHW image into <paramref name="destination"/>, which has the image's length.</summary>
    public void Apply(ReadOnlySpan<byte> image, Span<float> destination)
    {
        if (image.Length % Channels != 0)
            throw new ArgumentException($"An image of {image.Length} bytes does not split into {Channels} channel planes.", nameof(image));
        if (destination.Length != image.Length)
            throw new ArgumentException($"Destination holds {destination.Length} floats, the image has {image.Length} pixels.", nameof(destination));
        var plane = image.Length / Channels;
        for (var c = 0; c < Channels; c++)
        {
            var levels = table.AsSpan(c * Levels, Levels);
            var source = image.Slice(c * plane, plane);
            var target = destination.Slice(c * plane, plane);
            for (var i = 0; i < source.Length; i++)
                target[i] = levels[source[i]];
        }
    }

    /// <summary>Normalises images <paramref name="start"/> .. start+count-1 of <paramref name="images"/>, back to back, as one NCHW batch.</summary>
    public void Apply(ImageSet images, int start, int count, Span<float> destination)
    {
        if (images.Channels != Channels)
            throw new ArgumentException($"The images have {images.Channels} channels, the normalisation {Channels}.", nameof(images));
        if (start < 0 || count < 0 || start > images.Count - count)
            throw new ArgumentOutOfRangeException(nameof(count), $"Images {start}..{start + count - 1} are outside the set of {images.Count}.");
        if (destination.Length != (long)count * images.ImageSize)
            throw new ArgumentException($"Destination holds {destination.Length} floats, {count} images need {(long)count * images.ImageSize}.", nameof(destination));
        for (var i = 0; i < count; i++)
            Apply(images.Image(start + i), destination.Slice(i * images.ImageSize, images.ImageSize));
    }
}

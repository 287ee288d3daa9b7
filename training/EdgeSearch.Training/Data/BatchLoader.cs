using EdgeSearch.Core.Datasets;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Data;

/// <summary>Turns images of an <see cref="ImageSet"/> into a normalised, optionally augmented NCHW float batch.</summary>
public sealed class BatchLoader(ImageSet images, Normalization normalization)
{
    // Core's table, so training sees bit-for-bit the inputs that devices compute.
    private readonly Core.Imaging.Normalization table = new(normalization.Mean, normalization.Std);

    public ImageSet Images { get; } = images;

    /// <returns>Images <c>[B, C, H, W]</c> (float32) and labels <c>[B]</c> (int64).</returns>
    public (Tensor Images, Tensor Labels) Load(IReadOnlyList<int> indices, Augmentation augmentation, Random random)
    {
        var (channels, height, width) = (Images.Channels, Images.Height, Images.Width);
        var values = new float[indices.Count * Images.ImageSize];
        var labels = new long[indices.Count];
        var moved = new byte[Images.ImageSize];
        for (var b = 0; b < indices.Count; b++)
        {
            var source = Images.Image(indices[b]);
            var transform = augmentation.Draw(random, height, width);
            var (dx, dy, mirror, erased) = transform;
            for (var c = 0; c < channels; c++)
                for (var y = 0; y < height; y++)
                    for (var x = 0; x < width; x++)
                    {
                        var sx = (mirror ? width - 1 - x : x) + dx;
                        var sy = y + dy;
                        // Pixels shifted in from outside the image are black, as zero padding is.
                        moved[(c * height + y) * width + x] = (uint)sx < (uint)width && (uint)sy < (uint)height
                            ? source[(c * height + sy) * width + sx]
                            : (byte)0;
                    }
            if (PartsAugmentation.Applies(transform)) PartsAugmentation.Apply(moved, channels, height, width, transform, random);
            if (erased is not null) Erase(moved, channels, height, width, erased, random);
            table.Apply(moved, values.AsSpan(b * Images.ImageSize, Images.ImageSize));
            labels[b] = Images.Labels[indices[b]];
        }
        return (tensor(values, [indices.Count, channels, height, width]), tensor(labels));
    }

    private static void Erase(byte[] pixels, int channels, int height, int width, ErasedRegion region, Random random)
    {
        for (var c = 0; c < channels; c++)
            for (var y = region.Top; y < region.Top + region.Height; y++)
                random.NextBytes(pixels.AsSpan((c * height + y) * width + region.Left, region.Width));
    }
}

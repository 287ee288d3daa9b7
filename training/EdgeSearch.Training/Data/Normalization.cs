using EdgeSearch.Core.Datasets;

namespace EdgeSearch.Training.Data;

/// <summary>
/// The per-channel mean and std of a training set (of pixel/255), as the checkpoint and the model's metadata record
/// them; Core's <see cref="Core.Imaging.Normalization"/> applies them.
/// </summary>
public sealed record Normalization(float[] Mean, float[] Std)
{
    /// <summary>The mean and standard deviation of each channel over every pixel of <paramref name="images"/>.</summary>
    public static Normalization Measure(ImageSet images)
    {
        var plane = images.Height * images.Width;
        var sums = new double[images.Channels];
        var squares = new double[images.Channels];
        for (var i = 0; i < images.Count; i++)
        {
            var image = images.Image(i);
            for (var c = 0; c < images.Channels; c++)
                foreach (var pixel in image.Slice(c * plane, plane))
                {
                    var value = pixel / 255.0;
                    sums[c] += value;
                    squares[c] += value * value;
                }
        }
        var n = (double)images.Count * plane;
        var mean = sums.Select(s => s / n).ToArray();
        var std = squares.Select((s, c) => Math.Sqrt(Math.Max(s / n - mean[c] * mean[c], 1e-12))).ToArray();
        return new Normalization(mean.Select(m => (float)m).ToArray(), std.Select(s => (float)s).ToArray());
    }
}

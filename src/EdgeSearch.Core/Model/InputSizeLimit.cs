namespace EdgeSearch.Core.Model;

/// <summary>
/// The largest model input taken without being asked: 1024×1024×3 values. A model that declares 1×4096×4096 runs
/// one image through gigabytes of activations and is killed for memory, on the device in a crash loop.
/// </summary>
public static class InputSizeLimit
{
    public const long MaxValues = 1024L * 1024 * 3;

    public static long Values(ModelInfo info) => (long)info.Channels * info.Height * info.Width;

    public static bool IsLarge(ModelInfo info) => Values(info) > MaxValues;

    /// <param name="allowWith">The switch that allows a larger input, named in the error.</param>
    public static void Require(ModelInfo info, string path, string allowWith)
    {
        if (IsLarge(info))
            throw new ModelFormatException($"Model file '{path}' takes a {info.Channels}x{info.Height}x{info.Width} input ({Values(info):N0} values), "
                + $"more than the {MaxValues:N0} (1024x1024x3) taken without being asked; each image would need gigabytes of memory. Give {allowWith} if this model is meant.");
    }
}

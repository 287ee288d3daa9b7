using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Core.Model;

/// <summary>The preprocessing a model's metadata prescribes, as the imaging types that perform it.</summary>
public static class ModelInput
{
    public static ImageShape ImageShape(this ModelInfo info) => new(info.Color, info.Height, info.Width);

    public static Normalization Normalization(this ModelInfo info) => new(info.Mean, info.Std);
}

using EdgeSearch.Core.Model;

namespace EdgeSearch.Core.Imaging;

/// <summary>
/// Turns a camera frame into the model's float input: <see cref="FrameSampler"/>'s crop, resize and colour, then the
/// model's <see cref="Normalization"/>.
/// </summary>
public sealed class FramePreprocessor
{
    public FramePreprocessor(ImageShape shape, Normalization normalization, FrameRegion? region = null)
    {
        if (normalization.Channels != shape.Channels)
            throw new ArgumentException($"A {shape} input needs {shape.Channels} normalisation channels, not {normalization.Channels}.");
        Shape = shape;
        Normalization = normalization;
        Region = region;
    }

    /// <summary>The preprocessing a model file declares.</summary>
    public static FramePreprocessor For(ModelInfo model, FrameRegion? region = null) =>
        new(model.ImageShape(), model.Normalization(), region);

    public ImageShape Shape { get; }
    public Normalization Normalization { get; }

    /// <summary>The crop applied before resizing; null for the whole frame.</summary>
    public FrameRegion? Region { get; }

    /// <summary>Crop, resize and colour by <see cref="FrameSampler"/>: the 8-bit CHW image the model would see, before normalisation.</summary>
    public void Sample(Frame frame, Span<byte> image) => FrameSampler.Sample(frame, Region, Shape, image);

    /// <summary>The normalised float CHW input, <see cref="ImageShape.Size"/> long.</summary>
    public void Convert(Frame frame, Span<float> input)
    {
        var image = new byte[Shape.Size];
        Sample(frame, image);
        Normalization.Apply(image, input);
    }

    public float[] Convert(Frame frame)
    {
        var input = new float[Shape.Size];
        Convert(frame, input);
        return input;
    }
}

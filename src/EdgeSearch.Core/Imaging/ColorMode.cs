namespace EdgeSearch.Core.Imaging;

/// <summary>How a model sees colour: one gray channel, or three RGB channels.</summary>
public enum ColorMode
{
    Gray,
    Rgb,
}

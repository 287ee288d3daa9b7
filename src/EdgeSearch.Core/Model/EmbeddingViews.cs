namespace EdgeSearch.Core.Model;

/// <summary>
/// Which views of an image a model's embedding averages: the image itself, with <see cref="Mirror"/> its mirror
/// image, with <see cref="QuarterTurns"/> the quarter turns of each. View v is turned v mod 4 quarter turns
/// (clockwise) when turns are on, and mirrored when v is in the second half.
/// </summary>
public readonly record struct EmbeddingViews(bool Mirror, bool QuarterTurns)
{
    public int Count => (Mirror ? 2 : 1) * Turns;

    /// <summary>How many quarter turns of each image are averaged: 4, or 1 (the image as it is).</summary>
    public int Turns => QuarterTurns ? 4 : 1;

    /// <summary>"mirror image", "quarter turns", both, or "none", for reports.</summary>
    public override string ToString() => (Mirror, QuarterTurns) switch
    {
        (false, false) => "none",
        (true, false) => "mirror image",
        (false, true) => "quarter turns",
        _ => "mirror image and quarter turns",
    };
}

using EdgeSearch.Core.Imaging;

namespace EdgeSearch.Daemon.Matching;

/// <summary>Frame in, decision out: preprocess, embed, search the gallery, decide.</summary>
public interface IFrameMatcher
{
    FrameMatch Match(Frame frame);
}

/// <summary>Loads the model once and the gallery on every call, so a reload yields a fresh matcher.</summary>
public interface IFrameMatcherLoader
{
    /// <summary>The gallery file whose changes trigger a reload.</summary>
    string GalleryPath { get; }

    /// <summary>Throws with a clear message when the model or gallery cannot be used together, and
    /// <see cref="MissingGalleryException"/> when there is no gallery yet.</summary>
    IFrameMatcher Load();
}

/// <summary>No gallery file yet (a first boot): the message says how to make one.</summary>
public sealed class MissingGalleryException(string message) : Exception(message);

/// <summary>What the gallery says about one frame. <paramref name="Label"/> is the nearest label even when unknown.</summary>
public sealed record FrameMatch(string Label, bool IsKnown, float Similarity, float Margin)
{
    /// <summary>The single most similar reference (its entry id and label, which the vote may overrule); null for an empty gallery.</summary>
    public (long Id, string Label)? Nearest { get; init; }

    /// <summary>The model, gallery, threshold and region of interest that decided it.</summary>
    public MatcherSetup Setup { get; init; } = MatcherSetup.None;

    /// <summary>The model's 8-bit CHW input and the embedding made of it: the matcher's own buffers, valid only until
    /// its next match, so a sink that keeps them (to enrol the frame later) copies them.</summary>
    public ReadOnlyMemory<byte> Input { get; init; }
    public ReadOnlyMemory<float> Embedding { get; init; }
}

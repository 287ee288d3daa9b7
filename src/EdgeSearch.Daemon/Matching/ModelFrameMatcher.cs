using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Matching;

namespace EdgeSearch.Daemon.Matching;

/// <summary>A frame through the model's preprocessing, then the shared embed, search and decide step.</summary>
internal sealed class ModelFrameMatcher(FramePreprocessor preprocessor, Matcher matcher, Func<long, string> labelOf, MatcherSetup setup) : IFrameMatcher
{
    // Both stages write into buffers kept here: a frame-sized array per frame would be garbage on every frame,
    // and for a 224×224 RGB model a large-object-heap allocation each time.
    private readonly byte[] _image = new byte[preprocessor.Shape.Size];
    private readonly float[] _input = new float[preprocessor.Shape.Size];
    private readonly float[] _embedding = new float[matcher.LastEmbedding.Length];

    /// <summary>Only the pipeline's decision loop calls this, so the buffers and the matcher's buffers are never shared.</summary>
    public FrameMatch Match(Frame frame)
    {
        preprocessor.Sample(frame, _image);
        preprocessor.Normalization.Apply(_image, _input);
        var decision = matcher.Match(_input);
        matcher.LastEmbedding.CopyTo(_embedding);
        // An empty gallery has no candidate at all; the log and metrics still need a label.
        return new FrameMatch(decision.Label ?? decision.Candidate ?? "", !decision.IsUnknown, decision.Similarity, decision.Margin)
        {
            Nearest = decision.Neighbors.Count > 0 ? (decision.Neighbors[0].Id, labelOf(decision.Neighbors[0].Id)) : null,
            Setup = setup,
            Input = _image,
            Embedding = _embedding,
        };
    }
}

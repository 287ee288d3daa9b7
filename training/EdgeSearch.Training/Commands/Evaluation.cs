using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Evaluation;
using EdgeSearch.Core.Model;
using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Commands;

/// <summary>Retrieval quality of a network on a labelled image set, with the metrics devices report.</summary>
internal static class Evaluation
{
    public static RetrievalScores Score(Hybrid1 model, ImageSet images, Normalization normalization, EmbeddingViews views = default) =>
        RetrievalMetrics.Compute(Embedder.Embed(model, images, normalization, views), model.Options.EmbeddingDim, images.Labels);

    public static string Format(RetrievalScores s) =>
        $"P@1 {s.PrecisionAt1:F4}  R-Precision {s.RPrecision:F4}  MAP@R {s.MapAtR:F4}  ({s.Queries} queries)";
}

using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Model;
using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Training;

/// <summary>Runs a network over a whole image set in eval mode.</summary>
public static class Embedder
{
    /// <param name="views">Embed each image in these views and L2-normalise the sum, as devices do for a model whose
    /// metadata asks for it (<see cref="EdgeSearch.Core.Model.ModelInfo.Views"/>).</param>
    /// <returns>The embeddings, <c>images.Count × D</c> floats, row after row.</returns>
    public static float[] Embed(Hybrid1 model, ImageSet images, Normalization normalization, EmbeddingViews views = default, int batchSize = 256)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var one = 1.ToScalar();
            var loader = new BatchLoader(images, normalization);
            var dim = model.Options.EmbeddingDim;
            var embeddings = new float[images.Count * dim];
            for (var start = 0; start < images.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var indices = Enumerable.Range(start, Math.Min(batchSize, images.Count - start)).ToArray();
                var (batch, _) = loader.Load(indices, Augmentation.None, Random.Shared);
                var embedded = model.forward(batch);
                for (var view = 1; view < views.Count; view++)
                {
                    // The set of views is what matters, not the order or the direction of the turns.
                    var turned = view % views.Turns == 0 ? batch : batch.rot90(view % views.Turns, (2, 3));
                    // alpha given: see Model.TrainingBatchNorm for the Scalar add would make for it.
                    embedded = embedded.add(model.forward(view >= views.Turns ? turned.flip(3) : turned), alpha: one);
                }
                if (views.Count > 1) embedded = nn.functional.normalize(embedded, p: 2, dim: 1);
                embedded.data<float>().CopyTo(embeddings, start * dim);
            }
            return embeddings;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}

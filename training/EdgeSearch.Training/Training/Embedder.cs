using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Training;

/// <summary>Runs a network over a whole image set in eval mode.</summary>
public static class Embedder
{
    /// <returns>The embeddings, <c>images.Count × D</c> floats, row after row.</returns>
    public static float[] Embed(Hybrid1 model, ImageSet images, Normalization normalization, int batchSize = 256)
    {
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            var loader = new BatchLoader(images, normalization);
            var dim = model.Options.EmbeddingDim;
            var embeddings = new float[images.Count * dim];
            for (var start = 0; start < images.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var indices = Enumerable.Range(start, Math.Min(batchSize, images.Count - start)).ToArray();
                var (batch, _) = loader.Load(indices, Augmentation.None, Random.Shared);
                model.forward(batch).data<float>().CopyTo(embeddings, start * dim);
            }
            return embeddings;
        }
        finally
        {
            model.train(wasTraining);
        }
    }
}

using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Training;

/// <summary>Runs a network over a whole image set in eval mode.</summary>
public static class Embedder
{
    /// <param name="mirrorAveraged">Embed each image with its mirror image and L2-normalise the sum, as devices do for a
    /// model whose metadata asks for it (<see cref="EdgeSearch.Core.Model.ModelInfo.MirrorAveraged"/>).</param>
    /// <returns>The embeddings, <c>images.Count × D</c> floats, row after row.</returns>
    public static float[] Embed(Hybrid1 model, ImageSet images, Normalization normalization, bool mirrorAveraged = false, int batchSize = 256)
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
                // alpha given: see Model.TrainingBatchNorm for the Scalar add would make for it.
                if (mirrorAveraged) embedded = nn.functional.normalize(embedded.add(model.forward(batch.flip(3)), alpha: one), p: 2, dim: 1);
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

using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Losses;
using EdgeSearch.Training.Miners;
using EdgeSearch.Training.Samplers;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Training;

/// <summary>The loss and the batch sampler each <see cref="LossKind"/> trains with.</summary>
internal static class TrainingObjective
{
    /// <summary>The loss as a module, so that a trainable head (CE's class weights) is optimised and checkpointed with the network.</summary>
    public static nn.Module<Tensor, Tensor, Tensor> Loss(TrainingOptions options, int classes, int embeddingDim) => options.Loss switch
    {
        LossKind.Ce => new CosineSoftmaxLoss(classes, embeddingDim, options.CosineScale, options.CosineMargin),
        LossKind.Ms => new MultiSimilarityObjective(
            new MultiSimilarityLoss(options.MsAlpha, options.MsBeta, options.MsLambda),
            new MultiSimilarityMiner(options.MinerEpsilon)),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Loss, "Unknown loss."),
    };

    public static IBatchSampler Sampler(TrainingOptions options, ImageSet train) => options.Loss switch
    {
        LossKind.Ce => new ShuffledBatchSampler(train.Count, options.BatchSize),
        LossKind.Ms => new MPerClassSampler(train.Labels, options.BatchSize / options.ImagesPerClass, options.ImagesPerClass),
        _ => throw new ArgumentOutOfRangeException(nameof(options), options.Loss, "Unknown loss."),
    };
}

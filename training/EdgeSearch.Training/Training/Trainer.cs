using EdgeSearch.Core.Datasets;
using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSearch.Training.Training;

/// <summary>
/// Trains a Hybrid-1 network on an <see cref="ImageSet"/> with AdamW and a warm-up + cosine schedule, writing a
/// checkpoint after every epoch; a run resumed from a checkpoint continues exactly where it stopped.
/// </summary>
public sealed class Trainer(TrainingOptions options, Augmentation augmentation, TextWriter progressOutput)
{
    public const string CheckpointFileName = "checkpoint.bin";

    /// <summary>
    /// Trains a new network, from scratch or from the weights of <paramref name="init"/> (whose network shape and
    /// normalisation then apply, with a new head for this training set's classes), or continues the run in the
    /// checkpoint <paramref name="resumeFrom"/> (whose network shape, normalisation and classes then apply; these
    /// options may change, e.g. to train more epochs).
    /// <paramref name="stopAfterEpoch"/> ends the session early, after that epoch's checkpoint, so a long run can be
    /// split over several sessions.
    /// </summary>
    /// <returns>The trained network (in eval mode) and the final checkpoint's info.</returns>
    public (Hybrid1 Model, CheckpointInfo Info) Run(Hybrid1Options modelOptions, ImageSet train, string dataset, string outDirectory, string? resumeFrom = null, int? stopAfterEpoch = null, FineTuning? init = null)
    {
        options.Validate();
        init?.CheckInput(train);
        var info = resumeFrom is null
            ? new CheckpointInfo(init?.Network ?? modelOptions, options, init?.Normalization ?? Normalization.Measure(train), train.ClassNames, dataset, 0)
            // The dataset is recorded as given now: a run resumed on another machine finds its data at another path.
            : Checkpoint.ReadInfo(resumeFrom) with { Training = options, Dataset = dataset };
        CheckCompatible(info, train);
        Directory.CreateDirectory(outDirectory);

        // NNPACK off first, so that the check's convolutions do not log its failure to start either.
        CpuBackends.Nnpack = false;
        // libtorch's oneDNN kernels get some input gradients wrong on AVX-512 CPUs; its own are right (see CpuBackends).
        OneDnnGradientCheck.Apply(progressOutput);
        manual_seed(options.Seed);
        var device = torch.device(options.Device);
        var model = new Hybrid1(info.Model);
        if (resumeFrom is null) init?.CopyInto(model);
        using var loss = TrainingObjective.Loss(options, train.ClassNames.Count, info.Model.EmbeddingDim);
        model.to(device);
        loss.to(device);
        using var optimizer = CreateOptimizer(model, loss);
        if (resumeFrom is not null) Checkpoint.Restore(resumeFrom, model, loss, optimizer);

        var sampler = TrainingObjective.Sampler(options, train);
        var schedule = new LearningRateSchedule(options.LearningRate,
            (int)Math.Round(options.WarmupEpochs * sampler.BatchesPerEpoch), options.Epochs * sampler.BatchesPerEpoch);
        var loader = new BatchLoader(train, info.Normalization);
        var progress = new TrainingProgress(progressOutput, options.Epochs, sampler.BatchesPerEpoch);

        for (var epoch = info.EpochsDone; epoch < Math.Min(options.Epochs, stopAfterEpoch ?? int.MaxValue); epoch++)
        {
            model.train();
            loss.train();
            var random = EpochRandom(options.Seed, epoch);
            var step = 0;
            var runningLoss = double.NaN;
            foreach (var indices in sampler.Epoch(random))
            {
                using var scope = NewDisposeScope();
                foreach (var group in optimizer.ParamGroups)
                    group.LearningRate = schedule.At(epoch * sampler.BatchesPerEpoch + step);
                var (images, labels) = loader.Load(indices, augmentation, random);
                var value = loss.forward(model.forward(images.to(device)), labels.to(device));
                var current = value.item<float>();
                if (!float.IsFinite(current))
                    throw new InvalidOperationException($"The loss became {current} at epoch {epoch + 1}, step {step + 1}; try a lower --lr. " +
                                                        $"Checkpoints of finished epochs are in {outDirectory}.");
                optimizer.zero_grad();
                value.backward();
                optimizer.step();
                runningLoss = double.IsNaN(runningLoss) ? current : 0.98 * runningLoss + 0.02 * current;
                progress.Step(epoch + 1, ++step, runningLoss, indices.Length);
            }
            info = info with { EpochsDone = epoch + 1 };
            Checkpoint.Write(Path.Combine(outDirectory, CheckpointFileName), info, model, loss, optimizer);
        }
        // Evaluation and export read the weights on the CPU.
        model.to(CPU);
        model.eval();
        return (model, info);
    }

    /// <summary>
    /// AdamW; weight decay only on conv and linear weights, not on BN parameters and biases. Every group option is
    /// spelt out: TorchSharp does not fill a group's unset options from the optimizer's defaults.
    /// </summary>
    private OptimizerHelper CreateOptimizer(Hybrid1 model, nn.Module loss)
    {
        var parameters = model.parameters().Concat(loss.parameters()).ToList();
        return new ScalarSafeAdamW(
        [
            new AdamW.ParamGroup(parameters.Where(p => p.dim() > 1), Group(options.WeightDecay)),
            new AdamW.ParamGroup(parameters.Where(p => p.dim() <= 1), Group(0)),
        ], options.LearningRate);
    }

    private AdamW.Options Group(double weightDecay) => new()
    {
        LearningRate = options.LearningRate, beta1 = 0.9, beta2 = 0.999, eps = 1e-8, weight_decay = weightDecay, amsgrad = false, maximize = false,
    };

    /// <summary>The epoch's sampling and augmentation randomness, fixed by the seed so a resumed run repeats it.</summary>
    private static Random EpochRandom(int seed, int epoch) => new(unchecked(seed * 1_000_003 + epoch));

    private static void CheckCompatible(CheckpointInfo info, ImageSet train)
    {
        var model = info.Model;
        if (info.ClassNames.Count != train.ClassNames.Count)
            throw new ArgumentException($"The run was trained on {info.ClassNames.Count} classes, but the training set has {train.ClassNames.Count}.");
        if (model.InputChannels != train.Channels || model.InputHeight != train.Height || model.InputWidth != train.Width)
            throw new ArgumentException($"The network takes {model.InputChannels}x{model.InputHeight}x{model.InputWidth} images, " +
                                        $"but the training set has {train.Channels}x{train.Height}x{train.Width}.");
    }
}

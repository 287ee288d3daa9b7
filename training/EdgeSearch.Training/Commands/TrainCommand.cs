using System.CommandLine;
using System.Diagnostics;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Scenes;
using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Training;

namespace EdgeSearch.Training.Commands;

/// <summary><c>train</c>: train, checkpoint every epoch, then evaluate on the test split and export model + card.</summary>
internal static class TrainCommand
{
    public const string ModelFileName = "model.onnx";

    public static Command Create(TextWriter output, TextWriter progress)
    {
        var defaults = new TrainingOptions();
        var dataset = CommonOptions.Dataset("The dataset to train on; its test split is evaluated at the end");
        var loss = new Option<LossKind>("--loss") { Description = "ce (cosine-softmax cross-entropy) or ms (Multi-Similarity)", DefaultValueFactory = _ => defaults.Loss };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs to train (default: from --steps)" };
        var steps = new Option<int?>("--steps") { Description = $"Optimizer steps to train, rounded up to whole epochs (default: at least {StepBudget.DefaultSteps}, or {StepBudget.DefaultEpochs} epochs of a larger set)" };
        var outDir = new Option<string>("--out") { Description = "Folder for the checkpoint, model.onnx and model.json", Required = true };
        var seed = new Option<int>("--seed") { Description = "Seed of initialisation, sampling and augmentation", DefaultValueFactory = _ => defaults.Seed };
        var ms = TrainingOptions.For(LossKind.Ms);
        var lr = new Option<double?>("--lr") { Description = $"Peak learning rate (AdamW; default {defaults.LearningRate} for ce, {ms.LearningRate} for ms)" };
        var warmup = new Option<double?>("--warmup-epochs") { Description = $"Linear warm-up before the cosine decay (default {defaults.WarmupEpochs} for ce, {ms.WarmupEpochs} for ms)" };
        var weightDecay = new Option<double?>("--weight-decay") { Description = $"AdamW weight decay of conv and linear weights (default {defaults.WeightDecay} for ce, {ms.WeightDecay} for ms)" };
        var batchSize = new Option<int?>("--batch-size") { Description = $"Images per batch (for ms: classes × --images-per-class; default {defaults.BatchSize}, less for a small training set)" };
        var imagesPerClass = new Option<int>("--images-per-class") { Description = "For ms: images of each class in a batch", DefaultValueFactory = _ => defaults.ImagesPerClass };
        var scale = new Option<double>("--cosine-scale") { Description = "For ce: scale of the cosine logits", DefaultValueFactory = _ => defaults.CosineScale };
        var margin = new Option<double>("--cosine-margin") { Description = "For ce: additive cosine margin (CosFace), e.g. 0.2", DefaultValueFactory = _ => defaults.CosineMargin };
        var augment = new Option<bool?>("--augment") { Description = "Random shifts of up to 2 pixels, and mirror images where the classes allow (default: on for parts and folders with under 100 images in a label; --augment false turns it off)" };
        var erase = new Option<double>("--erase") { Description = "Probability of random erasing per image, e.g. 0.5 (0: off)", DefaultValueFactory = _ => defaults.EraseProbability };
        var rotate = new Option<bool?>("--rotate") { Description = "Rotate each training image by a random angle, for parts that lie any way round (default: as --augment; --rotate false turns it off)" };
        var brightness = new Option<double>("--brightness") { Description = "Largest random brightness change, a fraction of full scale, e.g. 0.1 (0: off)" };
        var contrast = new Option<double>("--contrast") { Description = "Largest random contrast change, e.g. 0.2 for gains 0.8 to 1.2 (0: off)" };
        var blur = new Option<double>("--blur") { Description = "Largest Gaussian blur sigma in pixels, e.g. 0.8 (0: off)" };
        var noise = new Option<double>("--noise") { Description = "Largest sensor noise standard deviation, a fraction of full scale, e.g. 0.03 (0: off)" };
        var threads = CommonOptions.Threads();
        var device = new Option<string>("--device") { Description = "cpu, or cuda where libtorch has CUDA", DefaultValueFactory = _ => defaults.Device };
        var limit = CommonOptions.Limit();
        var scenes = new Option<int?>("--scenes-per-label") { Description = $"For parts: train on this many rendered scenes of each label (default {PartsDataset.TrainPerClass}); more extend the same sequence" };
        var leaveOut = new Option<string?>("--leave-out") { Description = "Labels to keep out of training and its test split, comma-separated: a network that has never seen them (e.g. the defects a line's gallery leaves unenrolled)" };
        var initFrom = new Option<string?>("--init") { Description = "Fine-tune: start from this model (.onnx from this project's exporter) or checkpoint; its network and input normalisation apply, with a new head for these labels" };
        var resume = new Option<string?>("--resume") { Description = "Continue the run saved in this checkpoint" };
        var stopAfter = new Option<int?>("--stop-after") { Description = "End this session after this epoch's checkpoint (continue later with --resume)" };
        var activation = new Option<Activation>("--activation") { Description = "gelu or relu", DefaultValueFactory = _ => Activation.Gelu };
        var noInvolution = new Option<bool>("--no-involution") { Description = "Leave out the involution layer" };
        var stem = new Option<bool>("--stem") { Description = "A 3x3 conv stem before the involution" };
        var widths = new Option<string>("--widths") { Description = "Widths of the four conv blocks", DefaultValueFactory = _ => "32,64,64,96" };
        var pooling = new Option<Pooling>("--pool") { Description = "Global pooling before the embedding: average, or max (keeps a small local defect at full strength)", DefaultValueFactory = _ => Pooling.Average };
        var embeddingDim = new Option<int>("--embedding-dim") { Description = "Embedding dimension", DefaultValueFactory = _ => 64 };
        var folderSize = new Option<int>("--input-size", "--folder-size") { Description = "For folder and parts datasets: the square input size images are sampled to", DefaultValueFactory = _ => 64 };
        var folderChannels = new Option<int>("--input-channels", "--folder-channels") { Description = "For folder and parts datasets: 1 (gray) or 3 (rgb)", DefaultValueFactory = _ => 3 };

        var command = new Command("train", "Train a Hybrid-1 network")
        {
            dataset, loss, epochs, steps, outDir, seed, lr, warmup, weightDecay, batchSize, imagesPerClass, scale, margin, augment, erase, rotate, brightness, contrast, blur, noise, threads, device, limit, scenes, leaveOut, initFrom, resume, stopAfter,
            activation, noInvolution, stem, widths, pooling, embeddingDim, folderSize, folderChannels,
        };
        command.SetAction(result =>
        {
            CommonOptions.UseThreads(result.GetValue(threads));
            var spec = DatasetSpec.Parse(result.GetValue(dataset)!);
            var size = result.GetValue(folderSize);
            var shape = CommonOptions.FolderShape(result.GetValue(folderChannels), size, size);
            var leftOut = result.GetValue(leaveOut) is { } names ? names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            var train = LoadTrainSplit(spec, shape, result.GetValue(limit), result.GetValue(scenes));
            if (leftOut.Length > 0)
            {
                train = train.Without(leftOut);
                output.WriteLine($"Left out of training: {string.Join(", ", leftOut)}");
            }
            ImageSet? heldOut = null;
            if (HoldOut.Applies(spec))
            {
                (train, heldOut) = HoldOut.Split(train, result.GetValue(seed));
                output.WriteLine(HoldOut.Describe(train, heldOut, result.GetValue(seed)));
            }
            var runDefaults = TrainingOptions.For(result.GetValue(loss));
            var (augmentByDefault, augmentationWhy) = AugmentationDefaults.For(spec, train.Labels);
            var requested = runDefaults with
            {
                Seed = result.GetValue(seed),
                LearningRate = result.GetValue(lr) ?? runDefaults.LearningRate, WarmupEpochs = result.GetValue(warmup) ?? runDefaults.WarmupEpochs,
                WeightDecay = result.GetValue(weightDecay) ?? runDefaults.WeightDecay,
                BatchSize = result.GetValue(batchSize) ?? defaults.BatchSize, ImagesPerClass = result.GetValue(imagesPerClass),
                CosineScale = result.GetValue(scale), CosineMargin = result.GetValue(margin), Augment = result.GetValue(augment) ?? augmentByDefault,
                EraseProbability = result.GetValue(erase),
                Rotate = result.GetValue(rotate) ?? augmentByDefault, Brightness = result.GetValue(brightness), Contrast = result.GetValue(contrast),
                Blur = result.GetValue(blur), Noise = result.GetValue(noise),
                Device = result.GetValue(device)!, Init = result.GetValue(initFrom),
            };
            var (options, notes) = StepBudget.Fit(requested, train.Labels, result.GetValue(batchSize) is not null, result.GetValue(epochs), result.GetValue(steps));
            foreach (var note in notes) output.WriteLine(note);
            var asked = result.GetValue(augment) is not null || result.GetValue(rotate) is not null;
            output.WriteLine($"Augmentation: {options.DescribeAugmentation()}{(asked ? "" : $" ({augmentationWhy}; see docs/training.md)")}");
            var modelOptions = new Hybrid1Options
            {
                InputChannels = train.Channels, InputHeight = train.Height, InputWidth = train.Width,
                Activation = result.GetValue(activation), UseInvolution = !result.GetValue(noInvolution), UseStem = result.GetValue(stem),
                Widths = ParseWidths(result.GetValue(widths)!), Pooling = result.GetValue(pooling), EmbeddingDim = result.GetValue(embeddingDim),
            };
            var init = options.Init is { } initPath ? FineTuning.Load(initPath) : null;
            if (init is not null)
            {
                modelOptions = init.Network;
                output.WriteLine($"Fine-tuning from {init.Source}: its network and input normalisation, a new head for {train.ClassNames.Count} labels");
            }
            var augmentation = Augmentation.For(options, CommonOptions.AllowsMirror(spec.Kind));
            var directory = result.GetValue(outDir)!;

            using (var described = new Hybrid1(modelOptions))
                output.WriteLine($"Hybrid-1: {described.ParameterCount} parameters, {described.ParameterCount * sizeof(float)} bytes as fp32");
            output.WriteLine($"Training on {train.Count} images of {spec}, {train.ClassNames.Count} classes");

            var clock = Stopwatch.StartNew();
            var (model, info) = new Trainer(options, augmentation, progress).Run(modelOptions, train, spec.ToString(), directory, result.GetValue(resume), result.GetValue(stopAfter), init);
            using (model)
            {
                if (info.EpochsDone < options.Epochs)
                {
                    output.WriteLine($"Stopped after epoch {info.EpochsDone} of {options.Epochs}; continue with --resume {Path.Combine(directory, Trainer.CheckpointFileName)}");
                    return 0;
                }
                var trained = clock.Elapsed;
                output.WriteLine($"Trained in {trained.TotalSeconds:F1} s; checkpoint {Path.Combine(directory, Trainer.CheckpointFileName)}");
                var test = heldOut ?? Datasets.Load(spec, DatasetSplit.Test, shape, result.GetValue(limit));
                if (heldOut is null && leftOut.Length > 0) test = test.Without(leftOut);
                var scores = Evaluation.Score(model, test, info.Normalization);
                output.WriteLine($"Test split{(heldOut is null ? "" : " (held out)")}: {Evaluation.Format(scores)}");
                var card = ModelRelease.Write(model, info, scores, Path.Combine(directory, ModelFileName), new TrainingRun(TrainingRun.ThisCommand(), trained.TotalSeconds));
                output.WriteLine($"Exported {Path.Combine(directory, ModelFileName)} and {card}");
            }
            return 0;
        });
        return command;
    }

    private static ImageSet LoadTrainSplit(DatasetSpec spec, ImageShape shape, int? limit, int? scenesPerLabel)
    {
        if (scenesPerLabel is null) return Datasets.Load(spec, DatasetSplit.Train, shape, limit);
        if (spec.Kind != DatasetKind.Parts)
            throw new ArgumentException($"--scenes-per-label applies to rendered parts scenes; {spec} has a fixed training set.");
        if (scenesPerLabel <= 0) throw new ArgumentException($"--scenes-per-label must be at least 1, not {scenesPerLabel}.");
        return PartsDataset.Load(spec.Seed, DatasetSplit.Train, shape, limit, scenesPerLabel);
    }

    private static int[] ParseWidths(string text)
    {
        var parts = text.Split(',');
        var widths = parts.Select(p => int.TryParse(p, out var w) ? w : -1).ToArray();
        if (widths.Length != 4 || widths.Any(w => w <= 0))
            throw new ArgumentException($"--widths '{text}' must be four positive integers separated by commas, e.g. 32,64,64,96.");
        return widths;
    }
}

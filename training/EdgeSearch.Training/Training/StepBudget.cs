namespace EdgeSearch.Training.Training;

/// <summary>
/// Fits the batch size and the number of epochs to the training set: a batch the data can fill many times per epoch
/// (and, for MS, classes and images per class the data has), and a number of optimizer steps rather than a fixed
/// number of epochs, since an epoch of 200 images and one of 60,000 are not the same amount of training.
/// </summary>
public static class StepBudget
{
    /// <summary>The fewest optimizer steps a run gets by default; larger sets get <see cref="DefaultEpochs"/> epochs.</summary>
    public const int DefaultSteps = 2000;
    public const int DefaultEpochs = 10;

    /// <summary>Below this many steps per epoch, the run warns: the schedule and checkpoints are per epoch, and a tiny batch count means most images wait.</summary>
    public const int MinStepsPerEpoch = 10;

    /// <param name="options">The options as given; <see cref="TrainingOptions.Epochs"/> is replaced.</param>
    /// <param name="labels">The training set's labels.</param>
    /// <param name="batchGiven">Whether the batch size was given; a default one shrinks to the data, a given one only to what the data can fill.</param>
    /// <param name="epochs">Epochs as given, which win over <paramref name="steps"/>.</param>
    /// <param name="steps">Optimizer steps as given; null: the larger of <see cref="DefaultSteps"/> and <see cref="DefaultEpochs"/> epochs.</param>
    /// <returns>The fitted options and what the log should say about them.</returns>
    public static (TrainingOptions Options, IReadOnlyList<string> Notes) Fit(TrainingOptions options, IReadOnlyList<int> labels, bool batchGiven, int? epochs, int? steps)
    {
        var notes = new List<string>();
        var fitted = options.Loss == LossKind.Ms ? FitMPerClass(options, labels, batchGiven, notes) : FitBatch(options, labels.Count, batchGiven, notes);
        var stepsPerEpoch = labels.Count / fitted.BatchSize;
        if (stepsPerEpoch < MinStepsPerEpoch)
            notes.Add($"Warning: an epoch has only {stepsPerEpoch} optimizer step(s) ({labels.Count} images, batch {fitted.BatchSize}); more images per label would help.");
        if (epochs is { } given) return (fitted with { Epochs = given }, notes);

        var budget = steps ?? Math.Max(DefaultSteps, DefaultEpochs * stepsPerEpoch);
        var derived = Math.Max(1, (budget + stepsPerEpoch - 1) / stepsPerEpoch);
        notes.Add($"{derived} epochs of {stepsPerEpoch} steps: {derived * stepsPerEpoch} optimizer steps " +
                  (steps is null ? $"(the default: at least {DefaultSteps} steps or {DefaultEpochs} epochs; --steps or --epochs to change)" : $"(--steps {steps})"));
        return (fitted with { Epochs = derived }, notes);
    }

    private static TrainingOptions FitBatch(TrainingOptions options, int images, bool batchGiven, List<string> notes)
    {
        var cap = batchGiven ? images : Math.Max(2, images / MinStepsPerEpoch);
        if (options.BatchSize <= cap) return options;
        notes.Add($"Batch size {cap} instead of {options.BatchSize}: {images} training images" + (batchGiven ? " cannot fill a larger one." : $" give {MinStepsPerEpoch} steps per epoch."));
        return options with { BatchSize = cap };
    }

    /// <summary>Classes per batch no more than the data has, images per class no more than its smallest class has (at least 2), then smaller until an epoch has enough steps.</summary>
    private static TrainingOptions FitMPerClass(TrainingOptions options, IReadOnlyList<int> labels, bool batchGiven, List<string> notes)
    {
        var classCounts = labels.GroupBy(label => label).Select(g => g.Count()).ToArray();
        var classes = Math.Min(options.BatchSize / options.ImagesPerClass, classCounts.Length);
        var perClass = Math.Max(2, Math.Min(options.ImagesPerClass, classCounts.Min()));
        while (!batchGiven && classes * perClass > labels.Count / MinStepsPerEpoch && (classes > 2 || perClass > 2))
        {
            if (perClass > 4 || classes == 2) perClass--;
            else classes--;
        }
        var fitted = options with { BatchSize = classes * perClass, ImagesPerClass = perClass };
        if (fitted != options)
            notes.Add($"MS batches of {classes} classes × {perClass} images instead of {options.BatchSize / options.ImagesPerClass} × {options.ImagesPerClass}: " +
                      $"the training set has {classCounts.Length} labels, the smallest with {classCounts.Min()} images.");
        return fitted;
    }
}

using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Model;
using EdgeSearch.Scenes;

namespace EdgeSearch.Cli.Running;

/// <summary>A dataset named on the command line, loaded at a model's input shape, with the class names to report.</summary>
public sealed record DatasetInput(DatasetSpec Spec, DatasetSplit Split, ImageSet Images, IReadOnlyList<string> ClassNames)
{
    public static DatasetInput Load(string spec, string split, int? limit, EmbeddingModel model)
    {
        if (limit is < 1) throw new ArgumentException($"--limit is {limit}; it must be at least 1.");
        var parsed = DatasetSpec.Parse(spec);
        var parsedSplit = DatasetSpec.ParseSplit(split);
        var images = Datasets.Load(parsed, parsedSplit, model.Shape, limit);
        model.RequireShape(images, $"The images of {parsed}");
        return new DatasetInput(parsed, parsedSplit, images, ClassNamesFor(model.File.Info, images, parsed));
    }

    /// <summary>Where image <paramref name="index"/> came from, as a gallery entry's source names it.</summary>
    public string Source(int index) => $"{Spec}#{Split.ToString().ToLowerInvariant()}/{index}";

    public string LabelOf(int index) => ClassNames[Images.Labels[index]];

    /// <summary>The first <paramref name="perClass"/> images of each class (in dataset order), and all the others.</summary>
    public (int[] Chosen, int[] Others) FirstPerClass(int perClass)
    {
        if (perClass < 1) throw new ArgumentException($"--per-class is {perClass}; it must be at least 1.");
        var taken = new Dictionary<int, int>();
        var chosen = new List<int>();
        var rest = new List<int>();
        for (var i = 0; i < Images.Count; i++)
        {
            var label = Images.Labels[i];
            var count = taken.GetValueOrDefault(label);
            (count < perClass ? chosen : rest).Add(i);
            taken[label] = count + 1;
        }
        return ([.. chosen], [.. rest]);
    }

    /// <summary>Images <paramref name="indices"/> as references to enroll under their class names.</summary>
    public IReadOnlyList<Reference> References(IEnumerable<int> indices) =>
        indices.Select(i => new Reference(LabelOf(i), Source(i), Images.Image(i).ToArray())).ToArray();

    /// <summary>
    /// The model's own class names when it has them (what it was trained to call them), else the dataset's. A model
    /// whose names are all the dataset's (one trained with classes left out) keeps the dataset's: they name its images.
    /// </summary>
    private static IReadOnlyList<string> ClassNamesFor(ModelInfo info, ImageSet images, DatasetSpec spec)
    {
        if (info.Labels.Count == 0 || info.Labels.All(images.ClassNames.Contains)) return images.ClassNames;
        if (info.Labels.Count != images.ClassNames.Count)
            throw new ArgumentException($"The model names {info.Labels.Count} classes but {spec} has {images.ClassNames.Count}; the model's labels cannot name its images.");
        return info.Labels;
    }
}

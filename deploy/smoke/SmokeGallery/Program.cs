// SmokeGallery MODEL GALLERY DATASET FIRST COUNT THRESHOLD [quadrants|hybrid1]
// Enrolls images FIRST..FIRST+COUNT-1 of DATASET's test split (e.g. fashion-mnist:models/samples) into a new
// GALLERY, embedded by MODEL with the managed engine through the same frame preprocessing the daemon uses.
// When MODEL does not exist, one is written there first: the daemon tests' hand-built quadrant model (the default),
// or an untrained Hybrid-1 for 1x28x28 gray with random weights, the real network's size and cost.
using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Inference;
using EdgeSearch.Core.Model;
using EdgeSearch.Daemon.Tests.Matching;
using EdgeSearch.Gallery;
using EdgeSearch.Tests.Models;
using GalleryStore = EdgeSearch.Gallery.Gallery;

if (args.Length is not (6 or 7) || (args.Length == 7 && args[6] is not ("quadrants" or "hybrid1")))
{
    Console.Error.WriteLine("usage: SmokeGallery MODEL GALLERY DATASET FIRST COUNT THRESHOLD [quadrants|hybrid1]");
    return 2;
}
var (modelPath, galleryPath, dataset) = (args[0], args[1], args[2]);
var (first, count, threshold) = (int.Parse(args[3]), int.Parse(args[4]), float.Parse(args[5], System.Globalization.CultureInfo.InvariantCulture));
if (!File.Exists(modelPath) && args.ElementAtOrDefault(6) == "hybrid1")
    WriteHybrid1(modelPath);
else if (!File.Exists(modelPath))
    QuadrantModel.Write(modelPath);

var bytes = File.ReadAllBytes(modelPath);
var model = ModelFile.Parse(bytes, modelPath);
using var embedder = MirrorAveragingEmbedder.For(model.Info, ManagedEmbedder.FromBytes(bytes, new ManagedEngineOptions()));
var preprocessor = FramePreprocessor.For(model.Info);
var images = DatasetSpec.Parse(dataset).Load(DatasetSplit.Test);
if (images.Channels != 1)
    throw new InvalidDataException($"{dataset}: the smoke test replays gray images; this set has {images.Channels} channels.");

File.Delete(galleryPath);
using var gallery = GalleryStore.Create(galleryPath, new ModelIdentity(model.Sha256, model.Info.EmbeddingDim));
var embedding = new float[model.Info.EmbeddingDim];
for (var i = first; i < first + count; i++)
{
    var frame = Frame.Packed(FrameFormat.Gray8, images.Width, images.Height, images.Image(i).ToArray());
    embedder.Embed(preprocessor.Convert(frame), 1, embedding);
    gallery.Add(new Enrollment(images.ClassNames[images.Labels[i]], [.. embedding], $"{dataset}:test:{i}"));
}
gallery.SetThreshold(threshold);
Console.WriteLine($"{galleryPath}: {count} images of {dataset} enrolled with {modelPath} (sha256 {model.Sha256})");
return 0;

static void WriteHybrid1(string path)
{
    var model = Hybrid1Graph.Build(new Hybrid1Shape(), seed: 7);
    var info = new ModelInfo
    {
        Color = ColorMode.Gray,
        Channels = 1,
        Height = 28,
        Width = 28,
        Mean = [0.286f],
        Std = [0.353f],
        EmbeddingDim = 64,
        Training = new Dictionary<string, string> { ["dataset"] = "none: random weights, for timing" },
    };
    model.MetadataProps.AddRange(info.ToMetadata().Select(e => new EdgeSearch.Core.Model.Onnx.StringStringEntryProto { Key = e.Key, Value = e.Value }));
    File.WriteAllBytes(path, Google.Protobuf.MessageExtensions.ToByteArray(model));
}

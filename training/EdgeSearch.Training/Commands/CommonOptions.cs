using System.CommandLine;
using EdgeSearch.Core.Datasets;
using EdgeSearch.Core.Imaging;
using EdgeSearch.Core.Model;
using EdgeSearch.Scenes;
using EdgeSearch.Training.Model;
using EdgeSearch.Training.Training;
using TorchSharp;

namespace EdgeSearch.Training.Commands;

/// <summary>Options more than one command takes, and what they mean.</summary>
internal static class CommonOptions
{
    public static Option<int> Threads() => new("--threads")
    {
        Description = "CPU threads for TorchSharp",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    public static Option<string> Dataset(string description) => new("--dataset")
    {
        Description = description + " (KIND:DIR; KIND is fashion-mnist, mnist, cifar10 or folder; or parts:SEED, rendered frames of parts on a line)",
        Required = true,
    };

    public static Option<int?> Limit() => new("--limit") { Description = "Use only the first N images of each split" };

    public static Option<string> Checkpoint() => new("--checkpoint") { Description = "A training checkpoint", Required = true };

    public static void UseThreads(int threads)
    {
        if (threads <= 0) throw new ArgumentException($"--threads must be positive, not {threads}.");
        torch.set_num_threads(threads);
    }

    /// <summary>The image size and colour a folder dataset is decoded to, for a network taking <paramref name="channels"/>×H×W.</summary>
    public static ImageShape FolderShape(int channels, int height, int width) =>
        new(channels == 1 ? ColorMode.Gray : ColorMode.Rgb, height, width);

    /// <summary>One split of <paramref name="dataset"/> (KIND:DIR) at the input size and colour of <paramref name="network"/>.</summary>
    public static ImageSet Images(string dataset, DatasetSplit split, Hybrid1Options network, int? limit) =>
        Datasets.Load(DatasetSpec.Parse(dataset), split, FolderShape(network.InputChannels, network.InputHeight, network.InputWidth), limit);

    /// <summary>Whether mirror images are still images of the same class: not for digits (and unknown for folders).</summary>
    public static bool AllowsMirror(DatasetKind kind) => kind is DatasetKind.FashionMnist or DatasetKind.Cifar10;

    public static Option<bool> MirrorAverage() => new("--mirror-average")
    {
        Description = "Average each image's embedding with its mirror image's (two passes per image); only for networks trained on mirror images",
    };

    /// <summary>
    /// Refuses mirror averaging for a network that never saw mirror images in training: for it, a mirror image is a
    /// different image (a mirrored digit is no digit), and averaging would blur its embeddings.
    /// </summary>
    public static void CheckMirrorAverage(bool requested, CheckpointInfo info)
    {
        if (requested && !(info.Training.Augment && AllowsMirror(DatasetSpec.Parse(info.Dataset).Kind)))
            throw new ArgumentException($"--mirror-average needs a network trained on mirror images (--augment on a dataset whose classes allow them); this one was trained on {info.Dataset}{(info.Training.Augment ? "" : " without --augment")}.");
    }

    public static Option<bool> TurnAverage() => new("--turn-average")
    {
        Description = "Average each image's embedding over its four quarter turns (four passes per image, eight with --mirror-average); only for square networks trained with --rotate",
    };

    /// <summary>
    /// Refuses quarter-turn averaging for a network that never saw turned parts in training (to it a turned part is
    /// another picture) or whose input is not square (a quarter turn would not fit it).
    /// </summary>
    public static void CheckTurnAverage(bool requested, CheckpointInfo info)
    {
        if (requested && !info.Training.Rotate)
            throw new ArgumentException($"--turn-average needs a network trained with --rotate; this one was trained on {info.Dataset} without it.");
        if (requested && info.Model.InputHeight != info.Model.InputWidth)
            throw new ArgumentException($"--turn-average needs a square input; this network takes {info.Model.InputHeight}x{info.Model.InputWidth}.");
    }

    /// <summary>The views the options ask to average, checked against the network.</summary>
    public static EmbeddingViews Views(bool mirror, bool turns, CheckpointInfo info)
    {
        CheckMirrorAverage(mirror, info);
        CheckTurnAverage(turns, info);
        return new EmbeddingViews(mirror, turns);
    }
}

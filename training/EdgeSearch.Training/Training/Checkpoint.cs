using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSearch.Training.Model;
using TorchSharp;
using TorchSharp.Modules;

namespace EdgeSearch.Training.Training;

/// <summary>
/// A training checkpoint file: a JSON <see cref="CheckpointInfo"/>, then the network's state dict, the loss module's
/// (CE's class weights) and the optimizer's, each in TorchSharp's binary format, in that order.
/// </summary>
public static class Checkpoint
{
    private const string Magic = "edgesearch-training-checkpoint/1";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    public static void Write(string path, CheckpointInfo info, Hybrid1 model, torch.nn.Module loss, OptimizerHelper optimizer)
    {
        // Written aside and moved into place, so an interrupted write never replaces a good checkpoint.
        var partial = path + ".partial";
        using (var writer = new BinaryWriter(File.Create(partial)))
        {
            writer.Write(Magic);
            writer.Write(JsonSerializer.Serialize(info, Json));
            model.save(writer);
            loss.save(writer);
            optimizer.save_state_dict(writer);
        }
        File.Move(partial, path, overwrite: true);
    }

    public static CheckpointInfo ReadInfo(string path)
    {
        using var reader = Open(path);
        return ReadInfo(reader, path);
    }

    /// <summary>Rebuilds the trained network, in eval mode.</summary>
    public static (CheckpointInfo Info, Hybrid1 Model) LoadModel(string path)
    {
        using var reader = Open(path);
        var info = ReadInfo(reader, path);
        var model = new Hybrid1(info.Model);
        model.load(reader);
        model.eval();
        return (info, model);
    }

    /// <summary>Restores every state a run needs to continue, into modules and an optimizer built from the same info.</summary>
    public static void Restore(string path, Hybrid1 model, torch.nn.Module loss, OptimizerHelper optimizer)
    {
        using var reader = Open(path);
        ReadInfo(reader, path);
        model.load(reader);
        loss.load(reader);
        optimizer.load_state_dict(reader);
    }

    private static BinaryReader Open(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint {path} does not exist.", path);
        return new BinaryReader(File.OpenRead(path));
    }

    private static CheckpointInfo ReadInfo(BinaryReader reader, string path)
    {
        try
        {
            if (reader.ReadString() != Magic) throw new InvalidDataException($"{path} is not an EdgeSearch training checkpoint.");
            return JsonSerializer.Deserialize<CheckpointInfo>(reader.ReadString(), Json)
                ?? throw new InvalidDataException($"Checkpoint {path} has an empty header.");
        }
        catch (Exception e) when (e is IOException or JsonException or FormatException)
        {
            throw new InvalidDataException($"{path} is not a readable EdgeSearch training checkpoint: {e.Message}", e);
        }
    }
}

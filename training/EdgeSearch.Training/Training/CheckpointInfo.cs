using EdgeSearch.Training.Data;
using EdgeSearch.Training.Model;

namespace EdgeSearch.Training.Training;

/// <summary>What a checkpoint records besides tensors: enough to rebuild the network, its input and the run.</summary>
public sealed record CheckpointInfo(
    Hybrid1Options Model,
    TrainingOptions Training,
    Normalization Normalization,
    IReadOnlyList<string> ClassNames,
    string Dataset,
    int EpochsDone);

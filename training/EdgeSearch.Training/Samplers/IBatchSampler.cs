namespace EdgeSearch.Training.Samplers;

/// <summary>Splits one epoch of a training set into batches of image indices.</summary>
public interface IBatchSampler
{
    int BatchesPerEpoch { get; }

    IEnumerable<int[]> Epoch(Random random);
}

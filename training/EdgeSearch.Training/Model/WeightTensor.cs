namespace EdgeSearch.Training.Model;

/// <summary>One trained tensor as plain data: what the exporter reads, free of TorchSharp.</summary>
public sealed record WeightTensor(float[] Data, long[] Shape)
{
    public long Length => Shape.Aggregate(1L, (a, b) => a * b);
}

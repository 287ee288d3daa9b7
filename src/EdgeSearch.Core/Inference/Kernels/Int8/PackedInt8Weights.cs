namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// An int8 weight matrix <c>[rows, length]</c> repacked for the SIMD paths: blocks of <see cref="Lanes"/> rows, and
/// within a block, for each run of four columns, four bytes per row side by side, so one load holds four columns
/// of every row in the block. Rows and columns are padded with zero weights.
/// </summary>
internal sealed class PackedInt8Weights
{
    public PackedInt8Weights(ReadOnlySpan<sbyte> weights, int rows, int length, int lanes)
    {
        if (weights.Length != rows * length) throw new ArgumentException($"{weights.Length} weights are not [{rows}, {length}].", nameof(weights));
        Lanes = lanes;
        Quads = (length + 3) / 4;
        Blocks = (rows + lanes - 1) / lanes;
        Values = new sbyte[Blocks * Quads * lanes * 4];
        for (var r = 0; r < rows; r++)
        for (var k = 0; k < length; k++)
        {
            var (block, lane) = (r / lanes, r % lanes);
            Values[((block * Quads + k / 4) * lanes + lane) * 4 + k % 4] = weights[r * length + k];
        }
    }

    public int Lanes { get; }

    /// <summary>Runs of four columns: the padded length is 4·Quads.</summary>
    public int Quads { get; }

    public int Blocks { get; }
    public sbyte[] Values { get; }

    /// <summary>Rows rounded up to whole blocks: the row length of the accumulators.</summary>
    public int PaddedRows => Blocks * Lanes;
}

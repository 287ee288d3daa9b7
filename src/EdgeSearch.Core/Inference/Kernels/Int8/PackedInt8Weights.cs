namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// An int8 weight matrix <c>[rows, length]</c> repacked for the SIMD paths: blocks of <see cref="Lanes"/> rows, and
/// within a block, for each run of four columns, the four bytes of every row, so one load holds four columns of every
/// row in the block. They lie as four bytes per row side by side, or, <see cref="Paired"/>, as columns 0–1 of every
/// row and then columns 2–3 of every row. Rows and columns are padded with zero weights.
/// </summary>
internal sealed class PackedInt8Weights
{
    public PackedInt8Weights(ReadOnlySpan<sbyte> weights, int rows, int length, int lanes, bool paired = false)
    {
        if (weights.Length != rows * length) throw new ArgumentException($"{weights.Length} weights are not [{rows}, {length}].", nameof(weights));
        Lanes = lanes;
        Paired = paired;
        Quads = (length + 3) / 4;
        Blocks = (rows + lanes - 1) / lanes;
        Values = new sbyte[Blocks * Quads * lanes * 4];
        for (var r = 0; r < rows; r++)
        for (var k = 0; k < length; k++)
        {
            var (block, lane, column) = (r / lanes, r % lanes, k % 4);
            var inQuad = paired ? (column / 2 * lanes + lane) * 2 + column % 2 : lane * 4 + column;
            Values[(block * Quads + k / 4) * lanes * 4 + inQuad] = weights[r * length + k];
        }
    }

    public int Lanes { get; }
    public bool Paired { get; }

    /// <summary>Runs of four columns: the padded length is 4·Quads.</summary>
    public int Quads { get; }

    public int Blocks { get; }
    public sbyte[] Values { get; }

    /// <summary>Rows rounded up to whole blocks: the row length of the accumulators.</summary>
    public int PaddedRows => Blocks * Lanes;
}

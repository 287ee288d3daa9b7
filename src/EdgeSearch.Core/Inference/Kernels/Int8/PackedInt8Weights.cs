using System.Runtime.InteropServices;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// A weight matrix <c>[rows, length]</c> repacked for the SIMD paths: blocks of <see cref="Lanes"/> rows, and
/// within a block, for each run of four columns, the four weights of every row, so one load holds four columns of every
/// row in the block. They lie as four weights per row side by side, or, <see cref="Paired"/>, as columns 0–1 of every
/// row and then columns 2–3 of every row. Rows and columns are padded with zero weights. The weights are int8, or
/// (<see cref="Wide"/>) int16 stored as their bytes, for the Winograd products whose transformed weights exceed int8.
/// </summary>
internal sealed class PackedInt8Weights
{
    public PackedInt8Weights(ReadOnlySpan<sbyte> weights, int rows, int length, int lanes, bool paired = false)
        : this(rows, length, lanes, paired, weightBytes: 1)
    {
        CheckShape(weights.Length, rows, length);
        for (var r = 0; r < rows; r++)
        for (var k = 0; k < length; k++)
            Values[Position(r, k)] = weights[r * length + k];
    }

    private PackedInt8Weights(int rows, int length, int lanes, bool paired, int weightBytes)
    {
        Lanes = lanes;
        Paired = paired;
        WeightBytes = weightBytes;
        Quads = (length + 3) / 4;
        Blocks = (rows + lanes - 1) / lanes;
        Values = new sbyte[Blocks * Quads * lanes * 4 * weightBytes];
    }

    /// <summary>int16 weights, paired (the <c>vpmaddwd</c> layout).</summary>
    public static PackedInt8Weights Wide(ReadOnlySpan<short> weights, int rows, int length, int lanes)
    {
        CheckShape(weights.Length, rows, length);
        var packed = new PackedInt8Weights(rows, length, lanes, paired: true, weightBytes: 2);
        var values = MemoryMarshal.Cast<sbyte, short>(packed.Values.AsSpan());
        for (var r = 0; r < rows; r++)
        for (var k = 0; k < length; k++)
            values[packed.Position(r, k)] = weights[r * length + k];
        return packed;
    }

    public int Lanes { get; }
    public bool Paired { get; }

    /// <summary>1 for int8 weights, 2 for int16.</summary>
    public int WeightBytes { get; }

    /// <summary>Runs of four columns: the padded length is 4·Quads.</summary>
    public int Quads { get; }

    public int Blocks { get; }

    /// <summary>The packed weights' bytes.</summary>
    public sbyte[] Values { get; }

    /// <summary>Rows rounded up to whole blocks: the row length of the accumulators.</summary>
    public int PaddedRows => Blocks * Lanes;

    /// <summary>Index, in weights, of row <paramref name="r"/>'s column <paramref name="k"/>.</summary>
    private int Position(int r, int k)
    {
        var (block, lane, column) = (r / Lanes, r % Lanes, k % 4);
        var inQuad = Paired ? (column / 2 * Lanes + lane) * 2 + column % 2 : lane * 4 + column;
        return (block * Quads + k / 4) * Lanes * 4 + inQuad;
    }

    private static void CheckShape(int count, int rows, int length)
    {
        if (count != rows * length) throw new ArgumentException($"{count} weights are not [{rows}, {length}].", "weights");
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// A 256-entry int8 → int8 table, applied as values[i] = table[values[i] + 128] with byte shuffles: AVX-512 VBMI looks
/// up 128 entries per <c>vpermi2b</c>, NEON 64 per <c>TBL</c>/<c>TBX</c>, AVX2 16 per <c>vpshufb</c> (from rows of the
/// table prepared once, not per call: the pooled epilogue applies it a row of the map at a time).
/// </summary>
internal sealed class Int8Table
{
    public const int Length = 256;

    private readonly sbyte[] _entries;

    /// <summary><see cref="NibbleShuffles"/>' tables: for each half of the table, the XOR of each 16-entry row with the one before.</summary>
    private readonly byte[] _rowDifferences = new byte[Length];

    /// <summary>The lookup chosen for the plan's width.</summary>
    private readonly ByteTableLookup _lookup;

    /// <param name="width">The widest vectors the lookups may use (null: the scalar reference).</param>
    public Int8Table(sbyte[] entries, VectorWidth? width)
    {
        if (entries.Length != Length) throw new ArgumentException($"An int8 table has {Length} entries, not {entries.Length}.", nameof(entries));
        _entries = entries;
        _lookup = Platform.ByteTables(width);
        for (var half = 0; half < 2; half++)
        for (var row = 0; row < 8; row++)
        for (var l = 0; l < 16; l++)
        {
            // Row r of a half holds the entries of values 16r + l (values ≥ 0) or −128 + 16r + l (values < 0).
            var entry = (byte)entries[(half == 0 ? 128 : 0) + 16 * row + l];
            var previous = row == 0 ? (byte)0 : (byte)entries[(half == 0 ? 128 : 0) + 16 * (row - 1) + l];
            _rowDifferences[(half * 8 + row) * 16 + l] = (byte)(entry ^ previous);
        }
    }

    public void Apply(Span<sbyte> values) => Apply(values, _lookup);

    /// <summary>With the given lookup (one <see cref="Platform.IsSupported(ByteTableLookup)"/>), for tests of each.</summary>
    internal void Apply(Span<sbyte> values, ByteTableLookup lookup)
    {
        var i = lookup switch
        {
            ByteTableLookup.Vbmi => PermuteBytes(values, _entries),
            ByteTableLookup.Neon => TableLookups(values, _entries),
            ByteTableLookup.Nibbles => NibbleShuffles(values, _rowDifferences),
            _ => 0,
        };
        for (; i < values.Length; i++) values[i] = _entries[values[i] + 128];
    }

    /// <summary>Whole 64-byte blocks; returns how many values it mapped.</summary>
    private static int PermuteBytes(Span<sbyte> values, ReadOnlySpan<sbyte> table)
    {
        ref var t = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(table));
        // Negative values index entries 0–127, the rest 128–255; within each half the low seven bits pick the entry.
        var (negative0, negative1) = (Vector512.LoadUnsafe(ref t), Vector512.LoadUnsafe(ref t, 64));
        var (positive0, positive1) = (Vector512.LoadUnsafe(ref t, 128), Vector512.LoadUnsafe(ref t, 192));
        ref var v = ref MemoryMarshal.GetReference(values);
        var i = 0;
        for (; i + 64 <= values.Length; i += 64)
        {
            var x = Vector512.LoadUnsafe(ref v, (nuint)i);
            var indices = x.AsByte();
            var mapped = Vector512.ConditionalSelect(Vector512.IsNegative(x).AsByte(),
                Avx512Vbmi.PermuteVar64x8x2(negative0, indices, negative1), Avx512Vbmi.PermuteVar64x8x2(positive0, indices, positive1));
            mapped.AsSByte().StoreUnsafe(ref v, (nuint)i);
        }
        return i;
    }

    /// <summary>Whole 16-byte blocks; returns how many values it mapped.</summary>
    private static int TableLookups(Span<sbyte> values, ReadOnlySpan<sbyte> table)
    {
        ref var t = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(table));
        var (q0, q1, q2, q3) = (Quarter(ref t, 0), Quarter(ref t, 1), Quarter(ref t, 2), Quarter(ref t, 3));
        ref var v = ref Unsafe.As<sbyte, byte>(ref MemoryMarshal.GetReference(values));
        var (bias, quarter) = (Vector128.Create((byte)0x80), Vector128.Create((byte)64));
        var i = 0;
        for (; i + 16 <= values.Length; i += 16)
        {
            // Entry index value + 128; TBX keeps the previous result where an index is out of its 64-entry quarter.
            var index = Vector128.LoadUnsafe(ref v, (nuint)i) ^ bias;
            var mapped = AdvSimd.Arm64.VectorTableLookup(q0, index);
            mapped = AdvSimd.Arm64.VectorTableLookupExtension(mapped, q1, index -= quarter);
            mapped = AdvSimd.Arm64.VectorTableLookupExtension(mapped, q2, index -= quarter);
            mapped = AdvSimd.Arm64.VectorTableLookupExtension(mapped, q3, index - quarter);
            mapped.StoreUnsafe(ref v, (nuint)i);
        }
        return i;
    }

    private static (Vector128<byte>, Vector128<byte>, Vector128<byte>, Vector128<byte>) Quarter(ref byte table, int k)
    {
        var start = (nuint)(64 * k);
        return (Vector128.LoadUnsafe(ref table, start), Vector128.LoadUnsafe(ref table, start + 16),
            Vector128.LoadUnsafe(ref table, start + 32), Vector128.LoadUnsafe(ref table, start + 48));
    }

    /// <summary>
    /// Whole 64-byte blocks; returns how many values it mapped. <c>vpshufb</c> reads 16 entries by an index's low four
    /// bits, and gives 0 where the index is negative. Each half of the table (values ≥ 0, then values &lt; 0 flipped
    /// to 0–127) takes eight shuffles of an index lowered by 16 each time with signed saturation, so a value with high
    /// nibble H is looked up in shuffles 0..H and negative, hence 0, after. The shuffles' tables are differences
    /// (XOR) of consecutive 16-entry rows, so the XOR of shuffles 0..H telescopes to row H.
    /// </summary>
    private static int NibbleShuffles(Span<sbyte> values, byte[] differences)
    {
        ref var d = ref MemoryMarshal.GetArrayDataReference(differences);
        ref var v = ref MemoryMarshal.GetReference(values);
        var (sixteen, flip) = (Vector256.Create((sbyte)16), Vector256.Create(sbyte.MinValue));
        var i = 0;
        // Two blocks per pass share each row's load.
        for (; i + 64 <= values.Length; i += 64)
        {
            var (valuesX, valuesY) = (Vector256.LoadUnsafe(ref v, (nuint)i), Vector256.LoadUnsafe(ref v, (nuint)i + 32));
            var (x, y) = (valuesX, valuesY);
            var (mappedX, mappedY) = (Vector256<byte>.Zero, Vector256<byte>.Zero);
            for (var row = 0; row < 16; row++)
            {
                if (row == 8) (x, y) = (valuesX ^ flip, valuesY ^ flip);
                else if (row > 0) (x, y) = (Avx2.SubtractSaturate(x, sixteen), Avx2.SubtractSaturate(y, sixteen));
                var rows = Vector256.Create(Vector128.LoadUnsafe(ref d, (nuint)(row * 16)));
                mappedX ^= Avx2.Shuffle(rows, x.AsByte());
                mappedY ^= Avx2.Shuffle(rows, y.AsByte());
            }
            mappedX.AsSByte().StoreUnsafe(ref v, (nuint)i);
            mappedY.AsSByte().StoreUnsafe(ref v, (nuint)i + 32);
        }
        return i;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>
/// values[i] = table[values[i] + 128] for a 256-entry int8 → int8 table, with byte shuffles where the machine has
/// wide ones: AVX-512 VBMI looks up 128 entries per <c>vpermi2b</c>, NEON 64 per <c>TBL</c>/<c>TBX</c>.
/// </summary>
internal static class Int8Table
{
    public const int Length = 256;

    public static void Apply(Span<sbyte> values, ReadOnlySpan<sbyte> table, bool simd)
    {
        if (table.Length != Length) throw new ArgumentException($"An int8 table has {Length} entries, not {table.Length}.", nameof(table));
        var i = 0;
        if (simd && Platform.ByteTables == ByteTableLookup.Vbmi) i = PermuteBytes(values, table);
        else if (simd && Platform.ByteTables == ByteTableLookup.Neon) i = TableLookups(values, table);
        for (; i < values.Length; i++) values[i] = table[values[i] + 128];
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
}

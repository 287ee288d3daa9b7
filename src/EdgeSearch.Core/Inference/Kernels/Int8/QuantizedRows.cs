using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace EdgeSearch.Core.Inference.Kernels.Int8;

/// <summary>The int8 epilogue's row operations, vectorized with exactly the scalar arithmetic (IEEE ops, ties to even).</summary>
internal static class QuantizedRows
{
    /// <summary>The path name of the int8 steps around the products, which run in 128-bit vectors or as the reference.</summary>
    public static string Path(bool simd) => Path(simd ? VectorWidth.Bits128 : null);

    /// <summary>The path name of an int8 step at <paramref name="width"/> (null: the reference).</summary>
    public static string Path(VectorWidth? width) => $"int8 {VectorWidths.Name(width)}";

    /// <summary>real[j] = (acc[j] + offsets[j]) · scales[j].</summary>
    public static void Dequantize(ReadOnlySpan<int> acc, ReadOnlySpan<int> offsets, ReadOnlySpan<float> scales, Span<float> real, bool simd)
    {
        var j = 0;
        if (simd)
            for (; j + 4 <= real.Length; j += 4)
            {
                var sums = Vector128.Create(acc.Slice(j, 4)) + Vector128.Create(offsets.Slice(j, 4));
                (Vector128.ConvertToSingle(sums) * Vector128.Create(scales.Slice(j, 4))).CopyTo(real[j..]);
            }
        for (; j < real.Length; j++) real[j] = (acc[j] + offsets[j]) * scales[j];
    }

    /// <summary>
    /// output[p·outputStride + j] = QuantizeLinear((acc[p·accStride + j] + offsets[j]) · multipliers[j]) with unit
    /// scale, for every pixel row p and channel j &lt; offsets.Length: int32 sums straight to int8, the multiplier
    /// (accumulator scale / output scale) folding dequantization and quantization into one product, as ONNX Runtime
    /// requantizes. <paramref name="relu"/> first clamps the sum at zero (scales are positive). All rows in one call:
    /// a call per row costs more than its arithmetic on narrow maps. <paramref name="width"/> is the widest vector to
    /// use (null: the scalar reference); a 3→32 convolution's outputs cost as much to requantize as to sum.
    /// </summary>
    public static void Requantize(ReadOnlySpan<int> acc, int accStride, ReadOnlySpan<int> offsets, ReadOnlySpan<float> multipliers,
        int zeroPoint, bool relu, Span<sbyte> output, int outputStride, VectorWidth? width)
    {
        var m = offsets.Length;
        var rows = output.Length < m ? 0 : (output.Length - m) / outputStride + 1;
        if (multipliers.Length != m || m > accStride || acc.Length < (rows - 1) * accStride + m)
            throw new ArgumentException($"{rows} rows of {m} channels do not fit {acc.Length} sums and {multipliers.Length} multipliers.");
        // Saturating the rounded product to [−128 − zp, 127 − zp] before adding zp is the scalar clamp in one step;
        // a ReLU raises the floor to 0, as the product of a non-negative sum rounds to at least 0.
        float min = relu ? Math.Max(sbyte.MinValue - zeroPoint, 0) : sbyte.MinValue - zeroPoint, max = sbyte.MaxValue - zeroPoint;
        ref var sums = ref MemoryMarshal.GetReference(acc);
        ref var offset = ref MemoryMarshal.GetReference(offsets);
        ref var multiplier = ref MemoryMarshal.GetReference(multipliers);
        ref var destination = ref MemoryMarshal.GetReference(output);
        // Channels outside, rows inside: a vector's offsets, multipliers and bounds load once for every row (a
        // 16-channel map is one vector per row).
        var j = 0;
        if (width == VectorWidth.Bits512)
        {
            var bounds = new RequantizeBounds<Vector512<float>, Vector512<int>>(Vector512.Create(min), Vector512.Create(max), Vector512.Create(zeroPoint));
            for (; j + 16 <= m; j += 16)
            {
                var (add, times) = (Vector512.LoadUnsafe(ref offset, (nuint)j), Vector512.LoadUnsafe(ref multiplier, (nuint)j));
                for (var p = 0; p < rows; p++)
                    Avx512F.ConvertToVector128SByte(Requantize512(Vector512.LoadUnsafe(ref sums, (nuint)(p * accStride + j)), add, times, bounds))
                        .StoreUnsafe(ref destination, (nuint)(p * outputStride + j));
            }
        }
        else if (width == VectorWidth.Bits256)
        {
            var bounds = new RequantizeBounds<Vector256<float>, Vector256<int>>(Vector256.Create(min), Vector256.Create(max), Vector256.Create(zeroPoint));
            for (; j + 32 <= m; j += 32)
                for (var p = 0; p < rows; p++)
                {
                    ref var row = ref Unsafe.Add(ref sums, p * accStride + j);
                    var low = Vector256.Narrow(Requantize256(ref row, ref offset, ref multiplier, j, 0, bounds), Requantize256(ref row, ref offset, ref multiplier, j, 8, bounds));
                    var high = Vector256.Narrow(Requantize256(ref row, ref offset, ref multiplier, j, 16, bounds), Requantize256(ref row, ref offset, ref multiplier, j, 24, bounds));
                    Vector256.Narrow(low, high).AsSByte().StoreUnsafe(ref destination, (nuint)(p * outputStride + j));
                }
        }
        if (width is not null)
        {
            var bounds = new RequantizeBounds<Vector128<float>, Vector128<int>>(Vector128.Create(min), Vector128.Create(max), Vector128.Create(zeroPoint));
            for (; j + 16 <= m; j += 16)
                for (var p = 0; p < rows; p++)
                {
                    ref var row = ref Unsafe.Add(ref sums, p * accStride + j);
                    var low = Vector128.Narrow(Requantize128(ref row, ref offset, ref multiplier, j, 0, bounds), Requantize128(ref row, ref offset, ref multiplier, j, 4, bounds));
                    var high = Vector128.Narrow(Requantize128(ref row, ref offset, ref multiplier, j, 8, bounds), Requantize128(ref row, ref offset, ref multiplier, j, 12, bounds));
                    Vector128.Narrow(low, high).AsSByte().StoreUnsafe(ref destination, (nuint)(p * outputStride + j));
                }
        }
        for (; j < m; j++)
            for (var p = 0; p < rows; p++)
            {
                var sum = acc[p * accStride + j] + offsets[j];
                if (relu) sum = Math.Max(sum, 0);
                output[p * outputStride + j] = Quantization.Saturate((int)Math.Clamp(MathF.Round(sum * multipliers[j]), -512f, 512f) + zeroPoint);
            }
    }

    /// <summary>The rounded product's range before the zero point is added, and the zero point, as vectors.</summary>
    private readonly record struct RequantizeBounds<TFloats, TInts>(TFloats Min, TFloats Max, TInts ZeroPoint);

    // One vector of channels each: channel j + k, its sums at row[k]. No NaN can arise and ±0 convert alike, so the
    // native clamp is exact; clamped, every value converts natively (without the saturating conversion's fix-ups,
    // which cost as much as the rest on machines without AVX-512).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<int> Requantize128(ref int row, ref int offsets, ref float multipliers, int j, int k, RequantizeBounds<Vector128<float>, Vector128<int>> bounds)
    {
        var sum = Vector128.LoadUnsafe(ref row, (nuint)k) + Vector128.LoadUnsafe(ref offsets, (nuint)(j + k));
        var rounded = Vector128.Round(Vector128.ConvertToSingle(sum) * Vector128.LoadUnsafe(ref multipliers, (nuint)(j + k)));
        return Vector128.ConvertToInt32Native(Vector128.ClampNative(rounded, bounds.Min, bounds.Max)) + bounds.ZeroPoint;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> Requantize256(ref int row, ref int offsets, ref float multipliers, int j, int k, RequantizeBounds<Vector256<float>, Vector256<int>> bounds)
    {
        var sum = Vector256.LoadUnsafe(ref row, (nuint)k) + Vector256.LoadUnsafe(ref offsets, (nuint)(j + k));
        var rounded = Vector256.Round(Vector256.ConvertToSingle(sum) * Vector256.LoadUnsafe(ref multipliers, (nuint)(j + k)));
        return Vector256.ConvertToInt32Native(Vector256.ClampNative(rounded, bounds.Min, bounds.Max)) + bounds.ZeroPoint;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> Requantize512(Vector512<int> sums, Vector512<int> offsets, Vector512<float> multipliers, RequantizeBounds<Vector512<float>, Vector512<int>> bounds)
    {
        var rounded = Vector512.Round(Vector512.ConvertToSingle(sums + offsets) * multipliers);
        return Vector512.ConvertToInt32Native(Vector512.ClampNative(rounded, bounds.Min, bounds.Max)) + bounds.ZeroPoint;
    }

    /// <summary>
    /// ONNX QuantizeLinear of a row with one scale and zero point, in the widest vectors <paramref name="width"/>
    /// allows (the division takes most of the time; null: the reference).
    /// </summary>
    public static void Quantize(ReadOnlySpan<float> real, QuantParams q, Span<sbyte> output, VectorWidth? width)
    {
        var j = 0;
        if (width == VectorWidth.Bits512)
        {
            // Every value is within int8 before vpmovdb truncates it.
            var scale = Vector512.Create(q.Scale);
            for (; j + 16 <= real.Length; j += 16)
                Avx512F.ConvertToVector128SByte(Quantize512(real.Slice(j, 16), scale, q.ZeroPoint)).CopyTo(output[j..]);
        }
        if (width == VectorWidth.Bits256)
        {
            var scale = Vector256.Create(q.Scale);
            for (; j + 32 <= real.Length; j += 32)
            {
                var low = Vector256.Narrow(Quantize256(real.Slice(j, 8), scale, q.ZeroPoint), Quantize256(real.Slice(j + 8, 8), scale, q.ZeroPoint));
                var high = Vector256.Narrow(Quantize256(real.Slice(j + 16, 8), scale, q.ZeroPoint), Quantize256(real.Slice(j + 24, 8), scale, q.ZeroPoint));
                Vector256.Narrow(low, high).AsSByte().CopyTo(output[j..]);
            }
        }
        if (width is not null)
        {
            var scale = Vector128.Create(q.Scale);
            for (; j + 16 <= real.Length; j += 16)
            {
                var low = Vector128.Narrow(Quantize(real.Slice(j, 4), scale, q.ZeroPoint), Quantize(real.Slice(j + 4, 4), scale, q.ZeroPoint));
                var high = Vector128.Narrow(Quantize(real.Slice(j + 8, 4), scale, q.ZeroPoint), Quantize(real.Slice(j + 12, 4), scale, q.ZeroPoint));
                Vector128.Narrow(low, high).AsSByte().CopyTo(output[j..]);
            }
        }
        for (; j < real.Length; j++) output[j] = q.Quantize(real[j]);
    }

    /// <summary>ONNX DequantizeLinear of a row with one scale and zero point: (q − zero point)·scale, exact in int32 before the product.</summary>
    public static void Dequantize(ReadOnlySpan<sbyte> quantized, QuantParams q, Span<float> real, bool simd)
    {
        var j = 0;
        if (simd)
        {
            var (scale, zero) = (Vector128.Create(q.Scale), Vector128.Create(q.ZeroPoint));
            for (; j + 8 <= quantized.Length; j += 8)
            {
                var eight = Vector128.CreateScalar(MemoryMarshal.Read<long>(MemoryMarshal.AsBytes(quantized.Slice(j, 8)))).AsSByte();
                var (low, high) = Vector128.Widen(Vector128.WidenLower(eight));
                (Vector128.ConvertToSingle(low - zero) * scale).CopyTo(real[j..]);
                (Vector128.ConvertToSingle(high - zero) * scale).CopyTo(real[(j + 4)..]);
            }
        }
        for (; j < quantized.Length; j++) real[j] = q.Dequantize(quantized[j]);
    }

    /// <summary>Four values quantized and saturated to the int8 range, still as int32.</summary>
    private static Vector128<int> Quantize(ReadOnlySpan<float> real, Vector128<float> scale, int zeroPoint) =>
        Saturate(Vector128.Round(Vector128.Create(real) / scale), zeroPoint);

    /// <summary>
    /// Eight values as <see cref="Quantize(ReadOnlySpan{float}, Vector128{float}, int)"/> does four; clamped first,
    /// every value converts natively (without the saturating conversion's fix-ups).
    /// </summary>
    private static Vector256<int> Quantize256(ReadOnlySpan<float> real, Vector256<float> scale, int zeroPoint)
    {
        var rounded = Vector256.Clamp(Vector256.Round(Vector256.Create(real) / scale), Vector256.Create(-512f), Vector256.Create(512f));
        var q = Vector256.ConvertToInt32Native(rounded) + Vector256.Create(zeroPoint);
        return Vector256.Clamp(q, Vector256.Create((int)sbyte.MinValue), Vector256.Create((int)sbyte.MaxValue));
    }

    /// <summary>Sixteen values as <see cref="Quantize256"/> does eight.</summary>
    private static Vector512<int> Quantize512(ReadOnlySpan<float> real, Vector512<float> scale, int zeroPoint)
    {
        var rounded = Vector512.Clamp(Vector512.Round(Vector512.Create(real) / scale), Vector512.Create(-512f), Vector512.Create(512f));
        var q = Vector512.ConvertToInt32Native(rounded) + Vector512.Create(zeroPoint);
        return Vector512.Clamp(q, Vector512.Create((int)sbyte.MinValue), Vector512.Create((int)sbyte.MaxValue));
    }

    /// <summary>Rounded values plus the zero point, saturated to the int8 range, still as int32.</summary>
    private static Vector128<int> Saturate(Vector128<float> rounded, int zeroPoint)
    {
        // Clamping the rounded value first keeps the conversion in range; the int clamp then saturates as the scalar does.
        var q = Vector128.ConvertToInt32(Vector128.Clamp(rounded, Vector128.Create(-512f), Vector128.Create(512f))) + Vector128.Create(zeroPoint);
        return Vector128.Clamp(q, Vector128.Create((int)sbyte.MinValue), Vector128.Create((int)sbyte.MaxValue));
    }

    /// <summary>
    /// The int8 → int8 table of DequantizeLinear → activation → QuantizeLinear, computed with the scalar activation
    /// so every path and plan maps alike.
    /// </summary>
    public static sbyte[] ActivationTable(Activation activation, QuantParams input, QuantParams output)
    {
        var real = new float[Int8Table.Length];
        for (var q = 0; q < Int8Table.Length; q++) real[q] = input.Dequantize((sbyte)(q - 128));
        Activations.Apply(activation, null, real, real);
        return [.. real.Select(output.Quantize)];
    }
}

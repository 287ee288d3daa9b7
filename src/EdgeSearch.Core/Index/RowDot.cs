using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Index;

/// <summary>
/// Dot products of one query with consecutive rows of a row-major matrix: <c>dots[i] = query · rows[i]</c>.
/// Four rows are scanned together so each query vector is loaded once per four rows, the widest accelerated width
/// that fits the dimension is used, and the last <c>dim % width</c> elements are summed in scalar code.
/// Every row goes through the same sequence of operations, so equal rows always get bit-equal dots.
/// </summary>
internal static class RowDot
{
    public static void Compute(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, Span<float> dots)
    {
        CheckShapes(query.Length, rows.Length, dots.Length);
        if (Float512.IsSupported && query.Length >= Float512.Count)
            Compute<Float512, float, Vector512<float>, Vector512<float>>(query, rows, dots);
        else if (Float256.IsSupported && query.Length >= Float256.Count)
            Compute<Float256, float, Vector256<float>, Vector256<float>>(query, rows, dots);
        else if (Float128.IsSupported && query.Length >= Float128.Count)
            Compute<Float128, float, Vector128<float>, Vector128<float>>(query, rows, dots);
        else
            ComputeScalar(query, rows, dots);
    }

    public static void Compute(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> rows, Span<float> dots)
    {
        CheckShapes(query.Length, rows.Length, dots.Length);
        if (Int8x512.IsSupported && query.Length >= Int8x512.Count)
            Compute<Int8x512, sbyte, Vector512<sbyte>, Vector512<int>>(query, rows, dots);
        else if (Int8x256.IsSupported && query.Length >= Int8x256.Count)
            Compute<Int8x256, sbyte, Vector256<sbyte>, Vector256<int>>(query, rows, dots);
        else if (Int8x128.IsSupported && query.Length >= Int8x128.Count)
            Compute<Int8x128, sbyte, Vector128<sbyte>, Vector128<int>>(query, rows, dots);
        else
            ComputeScalar(query, rows, dots);
    }

    /// <summary>The reference kernel: one row at a time, one element at a time.</summary>
    public static void ComputeScalar<T>(ReadOnlySpan<T> query, ReadOnlySpan<T> rows, Span<float> dots)
        where T : unmanaged
    {
        CheckShapes(query.Length, rows.Length, dots.Length);
        ref var q = ref MemoryMarshal.GetReference(query);
        for (var row = 0; row < dots.Length; row++)
            dots[row] = ScalarDot(ref q, ref Unsafe.Add(ref MemoryMarshal.GetReference(rows), row * query.Length), 0, query.Length);
    }

    private static void Compute<TLanes, TElement, TVector, TAccumulator>(ReadOnlySpan<TElement> query, ReadOnlySpan<TElement> rows, Span<float> dots)
        where TLanes : IDotLanes<TElement, TVector, TAccumulator>
        where TElement : unmanaged
        where TVector : struct
        where TAccumulator : struct
    {
        var dim = query.Length;
        var vectorEnd = (nuint)(dim - dim % TLanes.Count);
        var step = (nuint)TLanes.Count;
        ref var q = ref MemoryMarshal.GetReference(query);
        ref var first = ref MemoryMarshal.GetReference(rows);

        var row = 0;
        for (; row + 4 <= dots.Length; row += 4)
        {
            ref var r0 = ref Unsafe.Add(ref first, row * dim);
            ref var r1 = ref Unsafe.Add(ref r0, dim);
            ref var r2 = ref Unsafe.Add(ref r1, dim);
            ref var r3 = ref Unsafe.Add(ref r2, dim);
            TAccumulator s0 = default, s1 = default, s2 = default, s3 = default;
            for (nuint i = 0; i < vectorEnd; i += step)
            {
                var v = TLanes.Load(ref q, i);
                s0 = TLanes.MultiplyAdd(s0, v, TLanes.Load(ref r0, i));
                s1 = TLanes.MultiplyAdd(s1, v, TLanes.Load(ref r1, i));
                s2 = TLanes.MultiplyAdd(s2, v, TLanes.Load(ref r2, i));
                s3 = TLanes.MultiplyAdd(s3, v, TLanes.Load(ref r3, i));
            }
            dots[row] = TLanes.Reduce(s0) + ScalarDot(ref q, ref r0, (int)vectorEnd, dim);
            dots[row + 1] = TLanes.Reduce(s1) + ScalarDot(ref q, ref r1, (int)vectorEnd, dim);
            dots[row + 2] = TLanes.Reduce(s2) + ScalarDot(ref q, ref r2, (int)vectorEnd, dim);
            dots[row + 3] = TLanes.Reduce(s3) + ScalarDot(ref q, ref r3, (int)vectorEnd, dim);
        }
        for (; row < dots.Length; row++)
        {
            ref var r = ref Unsafe.Add(ref first, row * dim);
            TAccumulator s = default;
            for (nuint i = 0; i < vectorEnd; i += step)
                s = TLanes.MultiplyAdd(s, TLanes.Load(ref q, i), TLanes.Load(ref r, i));
            dots[row] = TLanes.Reduce(s) + ScalarDot(ref q, ref r, (int)vectorEnd, dim);
        }
    }

    // float products are summed in float, int8 products exactly in int; the branch is resolved when the JIT
    // specialises the method for T.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float ScalarDot<T>(ref T a, ref T b, int start, int end)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            var sum = 0f;
            for (var i = start; i < end; i++)
                sum += Unsafe.As<T, float>(ref Unsafe.Add(ref a, i)) * Unsafe.As<T, float>(ref Unsafe.Add(ref b, i));
            return sum;
        }
        if (typeof(T) == typeof(sbyte))
        {
            var sum = 0;
            for (var i = start; i < end; i++)
                sum += Unsafe.As<T, sbyte>(ref Unsafe.Add(ref a, i)) * Unsafe.As<T, sbyte>(ref Unsafe.Add(ref b, i));
            return sum;
        }
        throw new NotSupportedException($"No dot product for {typeof(T)}.");
    }

    private static void CheckShapes(int dim, int rowElements, int rowCount)
    {
        if (dim == 0 || (long)rowCount * dim > rowElements)
            throw new ArgumentException($"{rowElements} row elements do not hold {rowCount} rows of dimension {dim}.");
    }
}

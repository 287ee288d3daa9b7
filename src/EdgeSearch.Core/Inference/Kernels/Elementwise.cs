using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Drivers that run an operator over spans at the width the plan gave (null: the scalar reference), narrowed for
/// a span shorter than one vector. A remainder is covered by one more vector that overlaps the previous one; it is
/// loaded before anything is stored, so in-place calls are safe.
/// </summary>
internal static class Elementwise
{
    public static void Transform<TOp>(VectorWidth? width, ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination is shorter than the source.", nameof(y));
        switch (Fit(width, x.Length))
        {
            case VectorWidth.Bits512: Transform<TOp, Vector512<float>, Simd512>(x, y); break;
            case VectorWidth.Bits256: Transform<TOp, Vector256<float>, Simd256>(x, y); break;
            case VectorWidth.Bits128: Transform<TOp, Vector128<float>, Simd128>(x, y); break;
            default: for (var i = 0; i < x.Length; i++) y[i] = TOp.Invoke(x[i]); break;
        }
    }

    public static void Transform<TOp>(VectorWidth? width, ReadOnlySpan<float> x, ReadOnlySpan<float> z, Span<float> y) where TOp : IBinaryOperator
    {
        if (z.Length < x.Length || y.Length < x.Length) throw new ArgumentException("Spans differ in length.");
        switch (Fit(width, x.Length))
        {
            case VectorWidth.Bits512: Transform<TOp, Vector512<float>, Simd512>(x, z, y); break;
            case VectorWidth.Bits256: Transform<TOp, Vector256<float>, Simd256>(x, z, y); break;
            case VectorWidth.Bits128: Transform<TOp, Vector128<float>, Simd128>(x, z, y); break;
            default: for (var i = 0; i < x.Length; i++) y[i] = TOp.Invoke(x[i], z[i]); break;
        }
    }

    public static void Transform<TOp>(VectorWidth? width, ReadOnlySpan<float> x, float z, Span<float> y) where TOp : IBinaryOperator
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination is shorter than the source.", nameof(y));
        switch (Fit(width, x.Length))
        {
            case VectorWidth.Bits512: Transform<TOp, Vector512<float>, Simd512>(x, z, y); break;
            case VectorWidth.Bits256: Transform<TOp, Vector256<float>, Simd256>(x, z, y); break;
            case VectorWidth.Bits128: Transform<TOp, Vector128<float>, Simd128>(x, z, y); break;
            default: for (var i = 0; i < x.Length; i++) y[i] = TOp.Invoke(x[i], z); break;
        }
    }

    /// <summary>Σ x·z.</summary>
    public static float Dot(VectorWidth? width, ReadOnlySpan<float> x, ReadOnlySpan<float> z)
    {
        if (z.Length < x.Length) throw new ArgumentException("Spans differ in length.");
        switch (Fit(width, x.Length))
        {
            case VectorWidth.Bits512: return Dot<Vector512<float>, Simd512>(x, z);
            case VectorWidth.Bits256: return Dot<Vector256<float>, Simd256>(x, z);
            case VectorWidth.Bits128: return Dot<Vector128<float>, Simd128>(x, z);
        }
        var sum = 0f;
        for (var i = 0; i < x.Length; i++) sum += x[i] * z[i];
        return sum;
    }

    public static float Sum(VectorWidth? width, ReadOnlySpan<float> x)
    {
        switch (Fit(width, x.Length))
        {
            case VectorWidth.Bits512: return Sum<Vector512<float>, Simd512>(x);
            case VectorWidth.Bits256: return Sum<Vector256<float>, Simd256>(x);
            case VectorWidth.Bits128: return Sum<Vector128<float>, Simd128>(x);
        }
        var sum = 0f;
        foreach (var v in x) sum += v;
        return sum;
    }

    /// <summary>The largest value of a non-empty span.</summary>
    public static float Max(VectorWidth? width, ReadOnlySpan<float> x)
    {
        switch (Fit(width, x.Length))
        {
            case VectorWidth.Bits512: return Max<Vector512<float>, Simd512>(x);
            case VectorWidth.Bits256: return Max<Vector256<float>, Simd256>(x);
            case VectorWidth.Bits128: return Max<Vector128<float>, Simd128>(x);
        }
        var max = x[0];
        foreach (var v in x) max = MathF.Max(max, v);
        return max;
    }

    /// <summary><paramref name="width"/>, halved until one vector fits <paramref name="length"/>; null when none does.</summary>
    private static VectorWidth? Fit(VectorWidth? width, int length)
    {
        for (var w = width; w is { } v; w = v == VectorWidth.Bits128 ? null : (VectorWidth)((int)v / 2))
            if (length >= VectorWidths.Lanes(v)) return v;
        return null;
    }

    internal static void Transform<TOp, TVec, TSimd>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : IUnaryOperator where TVec : struct where TSimd : ISimd<TVec>
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ys = ref MemoryMarshal.GetReference(y);
        var n = (nuint)x.Length;
        var lanes = (nuint)TSimd.Count;
        var last = n - lanes;
        var end = TSimd.Load(ref xs, last);
        for (nuint i = 0; i < last; i += lanes) TSimd.Store(TOp.Invoke<TVec, TSimd>(TSimd.Load(ref xs, i)), ref ys, i);
        TSimd.Store(TOp.Invoke<TVec, TSimd>(end), ref ys, last);
    }

    private static void Transform<TOp, TVec, TSimd>(ReadOnlySpan<float> x, ReadOnlySpan<float> z, Span<float> y)
        where TOp : IBinaryOperator where TVec : struct where TSimd : ISimd<TVec>
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var zs = ref MemoryMarshal.GetReference(z);
        ref var ys = ref MemoryMarshal.GetReference(y);
        var n = (nuint)x.Length;
        var lanes = (nuint)TSimd.Count;
        var last = n - lanes;
        var end = TOp.Invoke<TVec, TSimd>(TSimd.Load(ref xs, last), TSimd.Load(ref zs, last));
        for (nuint i = 0; i < last; i += lanes) TSimd.Store(TOp.Invoke<TVec, TSimd>(TSimd.Load(ref xs, i), TSimd.Load(ref zs, i)), ref ys, i);
        TSimd.Store(end, ref ys, last);
    }

    private static void Transform<TOp, TVec, TSimd>(ReadOnlySpan<float> x, float z, Span<float> y)
        where TOp : IBinaryOperator where TVec : struct where TSimd : ISimd<TVec>
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var ys = ref MemoryMarshal.GetReference(y);
        var n = (nuint)x.Length;
        var lanes = (nuint)TSimd.Count;
        var last = n - lanes;
        var zv = TSimd.Broadcast(z);
        var end = TOp.Invoke<TVec, TSimd>(TSimd.Load(ref xs, last), zv);
        for (nuint i = 0; i < last; i += lanes) TSimd.Store(TOp.Invoke<TVec, TSimd>(TSimd.Load(ref xs, i), zv), ref ys, i);
        TSimd.Store(end, ref ys, last);
    }

    private static float Dot<TVec, TSimd>(ReadOnlySpan<float> x, ReadOnlySpan<float> z) where TVec : struct where TSimd : ISimd<TVec>
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        ref var zs = ref MemoryMarshal.GetReference(z);
        var lanes = TSimd.Count;
        var acc = TSimd.Broadcast(0f);
        var i = 0;
        for (; i <= x.Length - lanes; i += lanes) acc = TSimd.MultiplyAdd(TSimd.Load(ref xs, (nuint)i), TSimd.Load(ref zs, (nuint)i), acc);
        var sum = TSimd.Sum(acc);
        for (; i < x.Length; i++) sum += x[i] * z[i];
        return sum;
    }

    /// <summary>Whole vectors, then the last vector ending at the span's end (its overlap changes no maximum).</summary>
    private static float Max<TVec, TSimd>(ReadOnlySpan<float> x) where TVec : struct where TSimd : ISimd<TVec>
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        var lanes = TSimd.Count;
        var acc = TSimd.Load(ref xs, (nuint)(x.Length - lanes));
        for (var i = 0; i < x.Length - lanes; i += lanes) acc = TSimd.Max(TSimd.Load(ref xs, (nuint)i), acc);
        Span<float> lastLanes = stackalloc float[lanes];
        TSimd.Store(acc, ref MemoryMarshal.GetReference(lastLanes), 0);
        var max = lastLanes[0];
        foreach (var v in lastLanes) max = MathF.Max(max, v);
        return max;
    }

    private static float Sum<TVec, TSimd>(ReadOnlySpan<float> x) where TVec : struct where TSimd : ISimd<TVec>
    {
        ref var xs = ref MemoryMarshal.GetReference(x);
        var lanes = TSimd.Count;
        var acc = TSimd.Broadcast(0f);
        var i = 0;
        for (; i <= x.Length - lanes; i += lanes) acc = TSimd.Add(TSimd.Load(ref xs, (nuint)i), acc);
        var sum = TSimd.Sum(acc);
        for (; i < x.Length; i++) sum += x[i];
        return sum;
    }
}

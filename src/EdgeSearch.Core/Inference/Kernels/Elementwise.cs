namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// Drivers that run an operator over spans at the widest accelerated width. A remainder is covered by one more
/// vector that overlaps the previous one; it is loaded before anything is stored, so in-place calls are safe.
/// </summary>
internal static class Elementwise
{
    public static void Transform<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination is shorter than the source.", nameof(y));
        if (Simd512.IsAccelerated && x.Length >= Simd512.Count) Transform<TOp, System.Runtime.Intrinsics.Vector512<float>, Simd512>(x, y);
        else if (Simd256.IsAccelerated && x.Length >= Simd256.Count) Transform<TOp, System.Runtime.Intrinsics.Vector256<float>, Simd256>(x, y);
        else if (Simd128.IsAccelerated && x.Length >= Simd128.Count) Transform<TOp, System.Runtime.Intrinsics.Vector128<float>, Simd128>(x, y);
        else for (var i = 0; i < x.Length; i++) y[i] = TOp.Invoke(x[i]);
    }

    /// <summary>The reference: the operator's scalar form, element by element.</summary>
    public static void TransformScalar<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator
    {
        for (var i = 0; i < x.Length; i++) y[i] = TOp.Invoke(x[i]);
    }

    public static void Transform<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> z, Span<float> y) where TOp : IBinaryOperator
    {
        if (z.Length < x.Length || y.Length < x.Length) throw new ArgumentException("Spans differ in length.");
        if (Simd512.IsAccelerated && x.Length >= Simd512.Count) Transform<TOp, System.Runtime.Intrinsics.Vector512<float>, Simd512>(x, z, y);
        else if (Simd256.IsAccelerated && x.Length >= Simd256.Count) Transform<TOp, System.Runtime.Intrinsics.Vector256<float>, Simd256>(x, z, y);
        else if (Simd128.IsAccelerated && x.Length >= Simd128.Count) Transform<TOp, System.Runtime.Intrinsics.Vector128<float>, Simd128>(x, z, y);
        else for (var i = 0; i < x.Length; i++) y[i] = TOp.Invoke(x[i], z[i]);
    }

    public static void Transform<TOp>(ReadOnlySpan<float> x, float z, Span<float> y) where TOp : IBinaryOperator
    {
        if (y.Length < x.Length) throw new ArgumentException("Destination is shorter than the source.", nameof(y));
        if (Simd512.IsAccelerated && x.Length >= Simd512.Count) Transform<TOp, System.Runtime.Intrinsics.Vector512<float>, Simd512>(x, z, y);
        else if (Simd256.IsAccelerated && x.Length >= Simd256.Count) Transform<TOp, System.Runtime.Intrinsics.Vector256<float>, Simd256>(x, z, y);
        else if (Simd128.IsAccelerated && x.Length >= Simd128.Count) Transform<TOp, System.Runtime.Intrinsics.Vector128<float>, Simd128>(x, z, y);
        else for (var i = 0; i < x.Length; i++) y[i] = TOp.Invoke(x[i], z);
    }

    /// <summary>Σ x·z.</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> z)
    {
        if (z.Length < x.Length) throw new ArgumentException("Spans differ in length.");
        if (Simd512.IsAccelerated && x.Length >= Simd512.Count) return Dot<System.Runtime.Intrinsics.Vector512<float>, Simd512>(x, z);
        if (Simd256.IsAccelerated && x.Length >= Simd256.Count) return Dot<System.Runtime.Intrinsics.Vector256<float>, Simd256>(x, z);
        if (Simd128.IsAccelerated && x.Length >= Simd128.Count) return Dot<System.Runtime.Intrinsics.Vector128<float>, Simd128>(x, z);
        return DotScalar(x, z);
    }

    public static float DotScalar(ReadOnlySpan<float> x, ReadOnlySpan<float> z)
    {
        var sum = 0f;
        for (var i = 0; i < x.Length; i++) sum += x[i] * z[i];
        return sum;
    }

    public static float Sum(ReadOnlySpan<float> x)
    {
        if (Simd512.IsAccelerated && x.Length >= Simd512.Count) return Sum<System.Runtime.Intrinsics.Vector512<float>, Simd512>(x);
        if (Simd256.IsAccelerated && x.Length >= Simd256.Count) return Sum<System.Runtime.Intrinsics.Vector256<float>, Simd256>(x);
        if (Simd128.IsAccelerated && x.Length >= Simd128.Count) return Sum<System.Runtime.Intrinsics.Vector128<float>, Simd128>(x);
        return SumScalar(x);
    }

    public static float SumScalar(ReadOnlySpan<float> x)
    {
        var sum = 0f;
        foreach (var v in x) sum += v;
        return sum;
    }

    internal static void Transform<TOp, TVec, TSimd>(ReadOnlySpan<float> x, Span<float> y)
        where TOp : IUnaryOperator where TVec : struct where TSimd : ISimd<TVec>
    {
        ref var xs = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref var ys = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
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
        ref var xs = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref var zs = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(z);
        ref var ys = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
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
        ref var xs = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref var ys = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(y);
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
        ref var xs = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        ref var zs = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(z);
        var lanes = TSimd.Count;
        var acc = TSimd.Broadcast(0f);
        var i = 0;
        for (; i <= x.Length - lanes; i += lanes) acc = TSimd.MultiplyAdd(TSimd.Load(ref xs, (nuint)i), TSimd.Load(ref zs, (nuint)i), acc);
        var sum = TSimd.Sum(acc);
        for (; i < x.Length; i++) sum += x[i] * z[i];
        return sum;
    }

    private static float Sum<TVec, TSimd>(ReadOnlySpan<float> x) where TVec : struct where TSimd : ISimd<TVec>
    {
        ref var xs = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(x);
        var lanes = TSimd.Count;
        var acc = TSimd.Broadcast(0f);
        var i = 0;
        for (; i <= x.Length - lanes; i += lanes) acc = TSimd.Add(TSimd.Load(ref xs, (nuint)i), acc);
        var sum = TSimd.Sum(acc);
        for (; i < x.Length; i++) sum += x[i];
        return sum;
    }
}

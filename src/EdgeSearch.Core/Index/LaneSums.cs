using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeSearch.Core.Index;

/// <summary>
/// Horizontal sums for the dot kernels. Every row's accumulator goes through the same sequence of folds and pairwise
/// additions whatever its position among the four, so equal rows get bit-equal sums.
/// </summary>
internal static class LaneSums
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Fold<T>(Vector256<T> v) => v.GetLower() + v.GetUpper();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fold<T>(Vector512<T> v) => v.GetLower() + v.GetUpper();

    /// <summary>
    /// <c>[sum(a), sum(b), sum(c), sum(d)]</c>. With AVX the pairwise tree runs in both 128-bit halves at once
    /// and the halves are added last (5 instructions for four rows instead of 11).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Of4(Vector256<float> a, Vector256<float> b, Vector256<float> c, Vector256<float> d)
    {
        if (Avx.IsSupported)
            return Fold(Avx.HorizontalAdd(Avx.HorizontalAdd(a, b), Avx.HorizontalAdd(c, d)));
        return Of4(Fold(a), Fold(b), Fold(c), Fold(d));
    }

    /// <inheritdoc cref="Of4(Vector256{float}, Vector256{float}, Vector256{float}, Vector256{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Of4(Vector256<int> a, Vector256<int> b, Vector256<int> c, Vector256<int> d)
    {
        if (Avx2.IsSupported)
            return Fold(Avx2.HorizontalAdd(Avx2.HorizontalAdd(a, b), Avx2.HorizontalAdd(c, d)));
        return Of4(Fold(a), Fold(b), Fold(c), Fold(d));
    }

    /// <summary><c>[sum(a), sum(b), sum(c), sum(d)]</c>, each summed as <c>(x0 + x1) + (x2 + x3)</c>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Of4(Vector128<float> a, Vector128<float> b, Vector128<float> c, Vector128<float> d)
    {
        if (Sse3.IsSupported)
            return Sse3.HorizontalAdd(Sse3.HorizontalAdd(a, b), Sse3.HorizontalAdd(c, d));
        if (AdvSimd.Arm64.IsSupported)
            return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
        return Vector128.Create(Pairwise(a), Pairwise(b), Pairwise(c), Pairwise(d));
    }

    /// <inheritdoc cref="Of4(Vector128{float}, Vector128{float}, Vector128{float}, Vector128{float})"/>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<int> Of4(Vector128<int> a, Vector128<int> b, Vector128<int> c, Vector128<int> d)
    {
        if (Ssse3.IsSupported)
            return Ssse3.HorizontalAdd(Ssse3.HorizontalAdd(a, b), Ssse3.HorizontalAdd(c, d));
        if (AdvSimd.Arm64.IsSupported)
            return AdvSimd.Arm64.AddPairwise(AdvSimd.Arm64.AddPairwise(a, b), AdvSimd.Arm64.AddPairwise(c, d));
        return Vector128.Create(Pairwise(a), Pairwise(b), Pairwise(c), Pairwise(d));
    }

    private static T Pairwise<T>(Vector128<T> v) where T : System.Numerics.IAdditionOperators<T, T, T> =>
        (v[0] + v[1]) + (v[2] + v[3]);
}

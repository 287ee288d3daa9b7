using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeSearch.Core.Index;

/// <summary>
/// Horizontal sums for the dot kernels. Every row's accumulator goes through the same sequence (fold the upper half
/// onto the lower, then a pairwise tree), whatever its position among the four, so equal rows get bit-equal sums.
/// </summary>
internal static class LaneSums
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<T> Fold<T>(Vector256<T> v) => v.GetLower() + v.GetUpper();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<T> Fold<T>(Vector512<T> v) => v.GetLower() + v.GetUpper();

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

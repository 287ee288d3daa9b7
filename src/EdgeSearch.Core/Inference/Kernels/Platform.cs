using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using EdgeSearch.Core.Inference.Kernels.Int8;

namespace EdgeSearch.Core.Inference.Kernels;

/// <summary>
/// What this machine's CPU runs, read once (as MLAS's platform record): the accelerated vector widths and int8
/// paths, and the defaults a plan takes from them. Only this class decides which path runs: a plan hands each kernel
/// its width or int8 path from here (or from <see cref="ManagedEngineOptions"/>, which may force any supported one),
/// and the gallery's dot products pick their width here too. Inside a kernel, an intrinsic's own <c>IsSupported</c>
/// (a JIT-time constant) still picks the instruction for one operation.
/// </summary>
public static class Platform
{
    /// <summary>The accelerated vector widths, narrowest first.</summary>
    public static IReadOnlyList<VectorWidth> Widths { get; } = [.. Enum.GetValues<VectorWidth>().Where(IsAccelerated)];

    /// <summary>The widest accelerated width (128 bits when nothing is: the kernels then run as scalar code).</summary>
    public static VectorWidth Widest { get; } = Widths.Count == 0 ? VectorWidth.Bits128 : Widths[^1];

    /// <summary>The int8 paths that run here, the scalar reference first.</summary>
    public static IReadOnlyList<Int8Path> Int8Paths { get; } = [.. Enum.GetValues<Int8Path>().Where(IsSupported)];

    /// <summary>
    /// The int8 path plans take by default: a dot-product instruction where there is one (SDOT, AVX-VNNI: four
    /// products per lane in one instruction; on the build machine AVX-VNNI at 256 bits and AVX-512BW's widened
    /// pairs at 512 bits time about alike per layer), else the widest widening multiply-add.
    /// </summary>
    public static Int8Path Int8 { get; } = new[]
    {
        Int8Path.AdvSimdDot, Int8Path.AdvSimd, Int8Path.AvxVnni, Int8Path.Avx512BW, Int8Path.Avx2, Int8Path.Sse41,
    }.FirstOrDefault(IsSupported, Int8Path.Scalar);

    /// <summary>NEON's multiply-add by vector element (FMLA by lane): a convolution reads four weights in one load.</summary>
    internal static bool MultiplyAddByLane { get; } = AdvSimd.Arm64.IsSupported;

    /// <summary>Vector registers the JIT can allocate: 32 on ARM64 and with AVX-512 (EVEX reaches xmm16–31 at every width), else 16.</summary>
    internal static int VectorRegisters { get; } = AdvSimd.Arm64.IsSupported || Avx512F.IsSupported ? 32 : 16;

    /// <summary>How a 256-entry int8 table is looked up here in vectors of at most <paramref name="width"/> (null: the scalar reference).</summary>
    internal static ByteTableLookup ByteTables(VectorWidth? width) =>
        TableLookupWidths.Where(l => l.Width <= width && IsSupported(l.Lookup)).Select(l => l.Lookup).DefaultIfEmpty(ByteTableLookup.None).First();

    /// <summary>Each table lookup with the vector width it runs at, best first.</summary>
    private static readonly (ByteTableLookup Lookup, VectorWidth Width)[] TableLookupWidths =
        [(ByteTableLookup.Vbmi, VectorWidth.Bits512), (ByteTableLookup.Neon, VectorWidth.Bits128), (ByteTableLookup.Nibbles, VectorWidth.Bits256)];

    public static bool IsSupported(ByteTableLookup lookup) => lookup switch
    {
        ByteTableLookup.None => true,
        ByteTableLookup.Vbmi => Avx512Vbmi.IsSupported,
        ByteTableLookup.Neon => AdvSimd.Arm64.IsSupported,
        ByteTableLookup.Nibbles => Avx2.IsSupported,
        _ => false,
    };

    public static bool IsAccelerated(VectorWidth width) => width switch
    {
        VectorWidth.Bits128 => Vector128.IsHardwareAccelerated,
        VectorWidth.Bits256 => Vector256.IsHardwareAccelerated,
        VectorWidth.Bits512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };

    public static bool IsSupported(Int8Path path) => path switch
    {
        Int8Path.Scalar => true,
        Int8Path.Sse41 => Sse41.IsSupported,
        Int8Path.Avx2 => Avx2.IsSupported,
        Int8Path.AvxVnni => AvxVnni.IsSupported,
        Int8Path.Avx512BW => Avx512BW.IsSupported && Vector512.IsHardwareAccelerated,
        Int8Path.AdvSimd => AdvSimd.Arm64.IsSupported,
        Int8Path.AdvSimdDot => Dp.IsSupported && AdvSimd.Arm64.IsSupported,
        _ => false,
    };

    /// <summary>One line for consoles and logs.</summary>
    public static string Describe() =>
        $"vectors {(Widths.Count == 0 ? "none" : string.Join("/", Widths.Select(w => (int)w)))} bits, int8 path {Int8} (of {string.Join(", ", Int8Paths)})";
}

/// <summary>The vector instruction a 256-entry byte table is looked up with.</summary>
public enum ByteTableLookup
{
    None,

    /// <summary>AVX-512 VBMI: 128 entries per <c>vpermi2b</c>.</summary>
    Vbmi,

    /// <summary>NEON: 64 entries per <c>TBL</c>/<c>TBX</c>.</summary>
    Neon,

    /// <summary>AVX2: 16 entries per <c>vpshufb</c>, sixteen of them.</summary>
    Nibbles,
}

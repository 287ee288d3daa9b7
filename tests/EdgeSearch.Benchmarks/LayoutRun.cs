using System.Runtime.Intrinsics;
using EdgeSearch.Core.Inference.Kernels;
using EdgeSearch.Tests.Models;

namespace EdgeSearch.Benchmarks;

/// <summary>
/// Each convolution of the shipped fp32 models in every SIMD layout that fits it, at every accelerated width, timed in
/// interleaved rounds (the median of each round's fastest call), to fit <see cref="KernelSelection"/>'s choices.
/// </summary>
public static class LayoutRun
{
    /// <summary>in channels × size → out channels, pooled: Fashion-MNIST's stem model, the paper's graph, the parts model.</summary>
    private static readonly string[] Layers =
    [
        "1x28->16", "1x28->32 pool", "16x28->32 pool", "32x14->64 pool", "64x7->64", "64x7->96",
        "3x64->32 pool", "32x32->64 pool", "64x16->64", "64x16->96",
    ];

    public static void Run(int rounds)
    {
        Console.WriteLine(Platform.Describe());
        Console.WriteLine($"{"layer",-16} {"width",-7} {"layout",-28} {"µs",8}  planner");
        foreach (var layer in Layers)
        {
            var conv = ConvBenchmarks.Build(layer);
            foreach (var width in Platform.Widths)
            {
                var kernels = width switch
                {
                    VectorWidth.Bits512 => Layouts<Vector512<float>, Simd512>(conv),
                    VectorWidth.Bits256 => Layouts<Vector256<float>, Simd256>(conv),
                    _ => Layouts<Vector128<float>, Simd128>(conv),
                };
                var image = new RandomTensors(5).Uniform(conv.Geometry.InChannels * conv.Geometry.InPlane);
                var output = new float[conv.OutputLength];
                var scratches = kernels.Select(k => new float[k.ScratchLength]).ToArray();
                var times = kernels.Select(_ => new List<double>()).ToArray();
                for (var r = 0; r < rounds; r++)
                    for (var i = 0; i < kernels.Length; i++)
                    {
                        var (kernel, scratch) = (kernels[i], scratches[i]);
                        times[i].Add(LayerTimes.Time(() => kernel.Run(image, output, scratch), warmMs: r == 0 ? 700 : 50, calls: 300));
                    }
                var chosen = KernelSelection.Conv(conv, width).Path;
                for (var i = 0; i < kernels.Length; i++)
                    Console.WriteLine($"{layer,-16} {(int)width,-7} {kernels[i].Path,-28} {LatencyRun.Median(times[i]),8:F1}  {(kernels[i].Path == chosen ? "<" : "")}");
            }
        }
    }

    private static IImageKernel[] Layouts<TVec, TSimd>(FusedConv conv) where TVec : struct where TSimd : ISimd<TVec>
    {
        var kernels = new List<IImageKernel> { new SimdConvKernel<TVec, TSimd>(conv, IntraOpThreads.None) };
        if (SimdChannelConvKernel<TVec, TSimd>.Fits(conv)) kernels.Add(new SimdChannelConvKernel<TVec, TSimd>(conv, IntraOpThreads.None));
        if (WinogradConvKernel.Fits(conv.Geometry)) kernels.Add(new WinogradConvKernel<TVec, TSimd>(conv, IntraOpThreads.None));
        if (WinogradChannelKernel<TVec, TSimd>.Fits(conv)) kernels.Add(new WinogradChannelKernel<TVec, TSimd>(conv, IntraOpThreads.None));
        return [.. kernels];
    }
}

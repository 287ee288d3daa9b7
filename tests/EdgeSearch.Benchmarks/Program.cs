// Benchmarks for the inference engines (Release builds only):
//   dotnet run -c Release --project tests/EdgeSearch.Benchmarks -- latency      managed vs ORT, Stopwatch, batch 1
//   dotnet run -c Release --project tests/EdgeSearch.Benchmarks -- int8-agreement MODEL DATASET   managed vs ORT nearest neighbours
//   dotnet run -c Release --project tests/EdgeSearch.Benchmarks -- layers       per-step and per-kernel times
//   dotnet run -c Release --project tests/EdgeSearch.Benchmarks -- int8 [rounds] managed int8 vs fp32 (the shipped models), per layer and model
//   dotnet run -c Release --project tests/EdgeSearch.Benchmarks -- layouts [rounds] each shipped convolution in every SIMD layout and width
//   dotnet run -c Release --project tests/EdgeSearch.Benchmarks -- compare M[@THREADS]... managed variants interleaved, ratios to the first
//   dotnet run -c Release --project tests/EdgeSearch.Benchmarks -- scan [ROUNDS] gallery scans beside the memory roofline
//   dotnet run -c Release --project tests/EdgeSearch.Benchmarks -- peak         the core's fp32 FMA peak, one thread
//   dotnet run -c Release --project tests/EdgeSearch.Benchmarks -- --filter '*' --job short   BenchmarkDotNet
using BenchmarkDotNet.Running;
using EdgeSearch.Benchmarks;

if (args is ["latency", ..])
{
    LatencyRun.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 15, iterations: 200);
    return;
}
if (args is ["int8", ..])
{
    Int8Run.Run("models/hybrid1-fashion-mnist.onnx", "models/hybrid1-fashion-mnist.int8.onnx",
        rounds: args.Length > 1 ? int.Parse(args[1]) : 9, iterations: 200);
    return;
}
if (args is ["compare", .. var variants] && variants.Length > 0)
{
    CompareRun.Run(variants, rounds: 15, iterations: 100);
    return;
}
if (args is ["int8-agreement", var model, var dataset])
{
    Int8Agreement.Run(model, dataset);
    return;
}
if (args is ["layers", ..])
{
    LayerTimes.Run();
    return;
}
if (args is ["layouts", ..])
{
    LayoutRun.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 7);
    return;
}
if (args is ["peak"])
{
    for (var round = 1; round <= 3; round++)
        Console.WriteLine($"round {round}: {EdgeSearch.Core.Inference.Kernels.FmaPeak.Measure(50_000_000, rounds: 1):F1} GFLOP/s ({(int)EdgeSearch.Core.Inference.Kernels.Platform.Widest}-bit FMA, one thread)");
    return;
}
if (args is ["scan", ..])
{
    ScanRun.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 3);
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Hybrid1Models).Assembly).Run(args);

using BenchmarkDotNet.Running;
using EdgeSearch.Benchmarks;

if (args is ["latency", ..])
{
    LatencyRun.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 15, iterations: 200);
    return;
}
if (args is ["layers", ..])
{
    LayerTimes.Run();
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Hybrid1Models).Assembly).Run(args);

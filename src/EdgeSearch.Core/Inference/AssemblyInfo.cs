using System.Runtime.CompilerServices;

// The benchmarks time the kernels themselves, which are internal.
[assembly: InternalsVisibleTo("EdgeSearch.Benchmarks")]

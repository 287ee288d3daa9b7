// EngineParity: the managed engine, and ONNX Runtime where its native library loads, on the same images.
//   EngineParity write MODEL DATASET DIR [LIMIT]     embeds the test split; writes DIR/ENGINE.f32 (raw float32) per engine
//   EngineParity compare MODEL DATASET DIR [LIMIT]   embeds again; each engine here against each file in DIR: max |diff| ≤ 1e-4
//                                                    (an int8 model: each engine against its own file only, see below)
//   EngineParity neighbours MODEL DATASET [LIMIT]    managed vs ORT: the same nearest neighbour for ≥ 99.9 % of the images
// Every mode first prints the instruction sets (the kernel paths) and fails when the architecture's SIMD is inactive.
// deploy/parity-arm64.sh writes on x64 and compares under qemu as arm64 CPUs.
using System.Globalization;
using System.Runtime.InteropServices;
using EdgeSearch.Core.Inference;

const float Tolerance = 1e-4f;
const double NeighbourAgreement = 0.999;

var usable = args.ElementAtOrDefault(0) switch
{
    "write" or "compare" => args.Length is 4 or 5,
    "neighbours" => args.Length is 3 or 4,
    _ => false,
};
if (!usable)
{
    Console.Error.WriteLine("usage: EngineParity write|compare MODEL DATASET DIR [LIMIT] | neighbours MODEL DATASET [LIMIT]");
    return 2;
}
var (mode, model, dataset) = (args[0], args[1], args[2]);
var limitArgument = mode == "neighbours" ? args.ElementAtOrDefault(3) : args.ElementAtOrDefault(4);
int? limit = limitArgument is null ? null : int.Parse(limitArgument, CultureInfo.InvariantCulture);

Console.WriteLine($"kernel paths: {KernelPaths.Describe()}");
if (KernelPaths.Missing() is { } missing)
{
    Console.Error.WriteLine($"EngineParity: {missing}.");
    return 1;
}
var engines = Engines.Available();
var images = Engines.Images(model, dataset, limit);

switch (mode)
{
    case "write":
        Directory.CreateDirectory(args[3]);
        foreach (var engine in engines)
        {
            var embeddings = Engines.Embed(model, engine, images);
            File.WriteAllBytes(Path.Combine(args[3], Engines.FileName(engine)), MemoryMarshal.AsBytes(embeddings.AsSpan()).ToArray());
        }
        return 0;

    case "compare":
        // An int8 model's two engines may requantise a value on the edge between two steps to different sides (their
        // float arithmetic differs in the last bits: how the scales are combined, GELU's erf), which moves an embedding
        // by about 1e-2. So there each engine must reproduce only its own x64 embeddings; how far the engines agree is
        // `neighbours`' question.
        var quantized = Engines.IsQuantized(model);
        var worst = 0f;
        foreach (var engine in engines)
        {
            var embeddings = Engines.Embed(model, engine, images);
            foreach (var file in Directory.GetFiles(args[3], "*.f32").Order())
            {
                var bound = !quantized || Path.GetFileName(file) == Engines.FileName(engine);
                var reference = MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(file)).ToArray();
                if (reference.Length != embeddings.Length)
                {
                    Console.Error.WriteLine($"EngineParity: {file} holds {reference.Length} floats; {engine} made {embeddings.Length}.");
                    return 1;
                }
                var difference = embeddings.Zip(reference, (a, b) => MathF.Abs(a - b)).Max();
                if (bound) worst = MathF.Max(worst, difference);
                Console.WriteLine($"  {engine} here vs {Path.GetFileNameWithoutExtension(file)} reference: max |diff| {difference:0.00e+00}" +
                                  (bound ? "" : " (int8 across engines: not bound)"));
            }
        }
        Console.WriteLine(worst <= Tolerance ? $"parity: passed (max |diff| {worst:0.00e+00} ≤ {Tolerance:0e+00})" : $"parity: FAILED (max |diff| {worst:0.00e+00} > {Tolerance:0e+00})");
        return worst <= Tolerance ? 0 : 1;

    default:
        if (!engines.Contains(EmbedderBackend.Ort))
        {
            Console.Error.WriteLine("EngineParity: neighbours compares the managed engine with ONNX Runtime, which does not load here.");
            return 1;
        }
        var (managed, ort) = (Engines.Embed(model, EmbedderBackend.Managed, images), Engines.Embed(model, EmbedderBackend.Ort, images));
        Console.WriteLine($"max |managed - ORT| {managed.Zip(ort, (a, b) => MathF.Abs(a - b)).Max():0.00e+00}");
        var dimension = managed.Length / images.Count;
        var same = NearestNeighbours.Of(managed, dimension).Zip(NearestNeighbours.Of(ort, dimension)).Count(pair => pair.First == pair.Second);
        var share = (double)same / images.Count;
        Console.WriteLine($"nearest neighbour: the same for {same} of {images.Count} images ({share:P2}), managed vs ORT");
        Console.WriteLine(share >= NeighbourAgreement ? $"neighbours: passed (≥ {NeighbourAgreement:P1})" : $"neighbours: FAILED (< {NeighbourAgreement:P1})");
        return share >= NeighbourAgreement ? 0 : 1;
}

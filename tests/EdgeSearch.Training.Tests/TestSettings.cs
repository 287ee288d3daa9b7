// TorchSharp's thread count and random generator are process-wide, so test classes must not run at once.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

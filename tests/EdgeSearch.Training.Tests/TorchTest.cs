using TorchSharp;

namespace EdgeSearch.Training.Tests;

/// <summary>Base for tests that use TorchSharp: one thread, so results do not depend on the machine's cores.</summary>
public abstract class TorchTest
{
    protected TorchTest() => torch.set_num_threads(1);
}

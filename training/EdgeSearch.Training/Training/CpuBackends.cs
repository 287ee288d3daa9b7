using System.Runtime.InteropServices;
using TorchSharp;

namespace EdgeSearch.Training.Training;

/// <summary>
/// libtorch's switches for its optional CPU convolution libraries: what Python calls <c>torch.backends.mkldnn.enabled</c>
/// and <c>torch.backends.nnpack.enabled</c>. TorchSharp does not expose them, so they are reached through libtorch_cpu's
/// exported C++ functions. Both are process-wide and apply to operations started after they change.
/// </summary>
public static class CpuBackends
{
    /// <remarks>
    /// oneDNN 3.7.1 in libtorch-cpu 2.10 computes a convolution's input gradient wrongly on AVX-512 CPUs when the
    /// convolution's output channels are not a multiple of 16 (the AVX-512 kernel's channel block): the gradient is
    /// always off, by garbage that is sometimes NaN. With oneDNN off, libtorch uses its own convolution kernels.
    /// </remarks>
    public static bool OneDnn
    {
        get => UserEnabledMkldnn(Context());
        set => SetUserEnabledMkldnn(Context(), value);
    }

    /// <summary>
    /// Whether oneDNN was told, before libtorch loaded, to use no instruction set above AVX2
    /// (<c>ONEDNN_MAX_CPU_ISA=AVX2</c>, or a lower one): there its convolution gradients are right, and it trains
    /// convolutions at full resolution about 1.6 times as fast as libtorch's own kernels.
    /// </summary>
    public static bool OneDnnCappedBelowAvx512 =>
        Environment.GetEnvironmentVariable("ONEDNN_MAX_CPU_ISA")?.ToUpperInvariant() is "AVX2" or "AVX" or "SSE41";

    /// <remarks>
    /// Where NNPACK cannot initialise (it rejects this machine's CPU, for one), libtorch still asks for it on every
    /// convolution and logs "Could not initialize NNPACK" each time: thousands of lines per epoch.
    /// </remarks>
    public static bool Nnpack
    {
        get => UserEnabledNnpack(Context());
        set => SetUserEnabledNnpack(Context(), value);
    }

    private static IntPtr Context()
    {
        // TorchSharp loads libtorch_cpu on first use; the functions below resolve against that loaded library.
        torch.InitializeDeviceType(DeviceType.CPU);
        try
        {
            return GlobalContext();
        }
        catch (EntryPointNotFoundException e)
        {
            throw new InvalidOperationException("libtorch_cpu does not export at::globalContext(), so its CPU backends cannot be " +
                                                "switched: this libtorch is not the 2.x build the trainer was written for.", e);
        }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledNnpack(IntPtr context);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}

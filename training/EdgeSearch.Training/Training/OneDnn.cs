using System.Runtime.InteropServices;
using TorchSharp;

namespace EdgeSearch.Training.Training;

/// <summary>
/// libtorch's switch for its oneDNN (MKLDNN) CPU kernels: what Python calls <c>torch.backends.mkldnn.enabled</c>.
/// TorchSharp does not expose it, so it is reached through libtorch_cpu's exported C++ functions.
/// </summary>
/// <remarks>
/// oneDNN 3.7.1 in libtorch-cpu 2.10 computes a convolution's input gradient wrongly on AVX-512 CPUs when the
/// convolution's output channels are not a multiple of 16 (the AVX-512 kernel's channel block): the gradient is
/// always off, by garbage that is sometimes NaN. With oneDNN off, libtorch uses its own convolution kernels.
/// </remarks>
public static class OneDnn
{
    /// <summary>Process-wide; the setting applies to operations started after it changes.</summary>
    public static bool Enabled
    {
        get => UserEnabledMkldnn(Context());
        set => SetUserEnabledMkldnn(Context(), value);
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
            throw new InvalidOperationException("libtorch_cpu does not export at::globalContext(), so oneDNN cannot be switched: " +
                                                "this libtorch is not the 2.x build the trainer was written for.", e);
        }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);
}

using TorchSharp;

namespace NegSampling.Runtime;

/// <summary>Versions and devices of the TorchSharp runtime in use.</summary>
public sealed record TorchInfo(string TorchSharpVersion, string LibTorchVersion, int Threads, bool CudaAvailable,
    int CudaDevices)
{
    /// <summary>The versions and devices of the TorchSharp runtime loaded in this process.</summary>
    public static TorchInfo Read()
    {
        var assembly = typeof(torch).Assembly;
        var informational =
            assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        var torchSharp = (informational ?? assembly.GetName().Version?.ToString(3) ?? "unknown").Split('+')[0];
        var cuda = torch.cuda.is_available();
        var libtorch = Version.TryParse(torch.__version__, out var v) ? v.ToString(3) : torch.__version__;
        return new TorchInfo(torchSharp, libtorch, torch.get_num_threads(), cuda, cuda ? torch.cuda.device_count() : 0);
    }
}

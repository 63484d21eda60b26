using static TorchSharp.torch;

namespace NegSampling.Runtime;

/// <summary>libtorch's intra-op thread count, a setting of the whole process that its caller owns.</summary>
internal static class TorchThreads
{
    /// <summary>Sets the count for the whole process.</summary>
    public static void Use(int threads) => set_num_threads(threads);
}

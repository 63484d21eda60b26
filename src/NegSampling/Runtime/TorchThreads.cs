using static TorchSharp.torch;

namespace NegSampling.Runtime;

/// <summary>libtorch's intra-op thread count, a setting of the whole process that its caller owns.</summary>
public static class TorchThreads
{
    /// <summary>Sets the count when one is given; null leaves libtorch's own choice.</summary>
    public static void Use(int? threads)
    {
        if (threads is { } n) set_num_threads(n);
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Losses;

/// <summary>The loss's value for the fast path, which needs the number only.</summary>
internal sealed partial class SigmoidWithLoss
{
    /// <summary>
    /// <see cref="BatchMean"/>'s value for B x S scores by libtorch's fused binary_cross_entropy_with_logits:
    /// one call where the hand-written formula takes ten.
    /// </summary>
    public static double BatchMeanValue(Tensor x, Tensor t)
    {
        using var sum = nn.functional.binary_cross_entropy_with_logits(x, t, reduction: nn.Reduction.Sum);
        return sum.ToDouble() / x.shape[0];
    }
}

using static TorchSharp.torch;

namespace NegSampling.Sampling;

/// <summary>Where negatives come from: a sampler in training, recorded ids when comparing with PyTorch.</summary>
internal interface INegativeSource
{
    /// <summary>B x K negative word ids (Int64) for the B targets.</summary>
    Tensor Sample(Tensor target);
}

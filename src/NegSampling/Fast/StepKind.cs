namespace NegSampling.Fast;

/// <summary>Which step a fast-mode worker runs on each batch (config key <c>step</c>).</summary>
public enum StepKind
{
    /// <summary>The fused CPU kernels (plain SGD on CPU weights; else the libtorch route per batch): word2vec's
    /// batches of a few hundred windows, the CPU's default.</summary>
    Kernels,

    /// <summary>One batched libtorch step on any device, for batches of thousands of windows: gathers, batched
    /// products and index_add_ updates, negatives drawn on the device with the multinomial sampler. CUDA's
    /// default.</summary>
    Batched,
}

using static TorchSharp.torch;

namespace NegSampling.Sampling;

/// <summary>Replays negatives recorded elsewhere (the PyTorch reference), one B x K tensor per call, in
/// order.</summary>
internal sealed class RecordedNegatives(IEnumerable<Tensor> batches) : INegativeSource
{
    private readonly Queue<Tensor> pending = new(batches);

    /// <summary>The next recorded B x K negatives, on the target's device.</summary>
    public Tensor Sample(Tensor target)
    {
        if (!pending.TryDequeue(out var negatives))
            throw new InvalidOperationException("no recorded negatives left for this step");
        if (negatives.shape[0] != target.shape[0])
            throw new ArgumentException($"recorded negatives have {negatives.shape[0]} rows but the batch has " +
                $"{target.shape[0]} targets");
        return negatives.to(target.device);
    }
}

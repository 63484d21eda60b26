using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>Skip-gram's fast-path step.</summary>
public sealed partial class SkipGram
{
    /// <inheritdoc/>
    protected override double SparseStepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update,
        INegativeSource negatives)
    {
        var (rows, width) = (contexts.shape[0], contexts.shape[1]);
        var keep = mask.reshape(-1).to_type(ScalarType.Bool);
        var centre = target.unsqueeze(1).expand(rows, width).reshape(-1).masked_select(keep);
        var context = contexts.reshape(-1).masked_select(keep);
        var h = Embedding.Lookup(WIn, centre);
        var (loss, dh) = nsLoss.SparseStep(h, context, update, rows, negatives);
        update.Apply(WIn, centre, dh, rows);
        // forward's loss is the sum over context positions of each position's batch mean.
        return loss * width;
    }
}

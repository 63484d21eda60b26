using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>CBOW's fast-path step.</summary>
internal sealed partial class Cbow
{
    /// <summary>How the fast path updates the context rows (forward and the faithful path use the gradient).</summary>
    public CbowContextUpdate ContextUpdate { get; }

    /// <inheritdoc/>
    protected override double SparseStepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update,
        INegativeSource negatives)
    {
        var weights = mask / mask.sum(1, keepdim: true);
        var h = inLayer.WeightedSum(contexts, weights); // the mean over the slots in use
        var (loss, dh) = nsLoss.SparseStep(h, target, update, target.shape[0], negatives);
        // The mean's backward gives each context slot dh times its weight in the mean; word2vec gives it dh.
        var share = ContextUpdate == CbowContextUpdate.Gradient ? weights : mask;
        update.ApplyProducts(WIn, contexts, share, dh, target.shape[0]);
        return loss;
    }
}

using NegSampling.Models;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>CBOW's sparse step on tensors: the book's mean of the contexts, then the loss's sparse step.</summary>
internal sealed class SparseCbow(Cbow model, CbowContextUpdate contextUpdate) : SparseModel(model)
{
    private readonly SparseEmbedding inLayer = new(model.WIn);

    /// <inheritdoc/>
    protected override double StepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update,
        INegativeSource negatives)
    {
        var weights = mask / mask.sum(1, keepdim: true);
        var h = inLayer.WeightedSum(contexts, weights); // the mean over the slots in use
        var (loss, dh) = Loss.Step(h, target, update, target.shape[0], negatives);
        // The mean's backward gives each context slot dh times its weight in the mean; word2vec gives it dh.
        var share = contextUpdate == CbowContextUpdate.Gradient ? weights : mask;
        update.ApplyProducts(Model.WIn, contexts, share, dh, target.shape[0]);
        return loss;
    }

    /// <inheritdoc/>
    public override void Dispose()
    {
        inLayer.Dispose();
        base.Dispose();
    }
}

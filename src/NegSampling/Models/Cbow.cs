using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>How the fast path's CBOW step updates the context words' W_in rows.</summary>
public enum CbowContextUpdate
{
    /// <summary>The gradient of the mean: each context word gets dh divided by the number of contexts.</summary>
    Gradient,
    /// <summary>word2vec.c's and gensim's rule (cbow_mean=1): each context word gets the whole dh, not a gradient.</summary>
    Word2Vec,
}

/// <summary>The book's CBOW: h = mean of the context words' W_in rows; the loss predicts the target from h.</summary>
public sealed class Cbow : Word2VecModel
{
    public Cbow(Tensor initialIn, Tensor initialOut, INegativeSource negatives, GradientMode mode = GradientMode.Manual)
        : base(nameof(Cbow), initialIn, initialOut, negatives, mode) => RegisterComponents();

    public override ModelKind Kind => ModelKind.Cbow;

    /// <summary>The fast path's context update (forward and the faithful path always use the gradient).</summary>
    public CbowContextUpdate ContextUpdate { get; set; } = CbowContextUpdate.Gradient;

    public override Tensor forward(Tensor contexts, Tensor target)
    {
        CheckBatch(contexts, target);
        var h = inLayer.forward(contexts).mean([1]);
        return nsLoss.forward(h, target);
    }

    protected override double SparseStepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update, INegativeSource negatives)
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

using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>The book's CBOW: h = mean of the context words' W_in rows; the loss predicts the target from h.</summary>
public sealed class Cbow : Word2VecModel
{
    public Cbow(Tensor initialIn, Tensor initialOut, INegativeSource negatives, GradientMode mode = GradientMode.Manual)
        : base(nameof(Cbow), initialIn, initialOut, negatives, mode) => RegisterComponents();

    public override ModelKind Kind => ModelKind.Cbow;

    public override Tensor forward(Tensor contexts, Tensor target)
    {
        CheckBatch(contexts, target);
        var h = inLayer.forward(contexts).mean([1]);
        return nsLoss.forward(h, target);
    }

    protected override double SparseStep(Tensor contexts, Tensor mask, Tensor target, double scale, INegativeSource negatives)
    {
        var vectors = Layers.Embedding.Lookup(WIn, contexts);
        var weights = mask / mask.sum(1, keepdim: true);
        var h = (vectors * weights.unsqueeze(2)).sum(1);
        var (loss, dh) = nsLoss.SparseStep(h, target, scale, negatives);
        // The mean's backward: each context slot gets dh times its weight in the mean.
        Layers.Embedding.ApplySparse(WIn, contexts, dh.unsqueeze(1) * weights.unsqueeze(2), scale);
        return loss.to_type(ScalarType.Float64).item<double>();
    }
}

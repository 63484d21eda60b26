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
}

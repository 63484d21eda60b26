using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>The book's CBOW: h = mean of the context words' W_in rows; the loss predicts the target from h.</summary>
internal sealed class Cbow : Word2VecModel
{
    /// <summary>A CBOW model with copies of the initial weights.</summary>
    public Cbow(Tensor initialIn, Tensor initialOut, INegativeSource negatives, GradientMode mode = GradientMode.Manual)
        : base(nameof(Cbow), initialIn, initialOut, negatives, mode) => RegisterComponents();

    /// <summary>The loss of predicting each target from the mean of its contexts' W_in rows.</summary>
    public override Tensor forward(Tensor contexts, Tensor target)
    {
        CheckBatch(contexts, target);
        var h = inLayer.call(contexts).mean([1]);
        return nsLoss.call(h, target);
    }
}

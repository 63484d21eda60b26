using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>
/// The book's skip-gram: h = W_in[target] predicts each of the 2W contexts; the loss is the sum over
/// context positions of each position's batch-mean loss. Batched as one loss over B * 2W rows, times 2W.
/// </summary>
internal sealed class SkipGram : Word2VecModel
{
    /// <summary>A skip-gram model with copies of the initial weights.</summary>
    public SkipGram(Tensor initialIn, Tensor initialOut, INegativeSource negatives,
        GradientMode mode = GradientMode.Manual)
        : base(nameof(SkipGram), initialIn, initialOut, negatives, mode) => RegisterComponents();

    /// <summary>The loss of predicting each context from its target's W_in row.</summary>
    public override Tensor forward(Tensor contexts, Tensor target)
    {
        CheckBatch(contexts, target);
        var (rows, width) = (contexts.shape[0], contexts.shape[1]);
        var h = inLayer.call(target);
        var repeated = h.unsqueeze(1).expand(rows, width, HiddenSize).reshape(rows * width, HiddenSize);
        return nsLoss.call(repeated, contexts.reshape(-1)) * width;
    }
}

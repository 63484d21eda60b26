using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>
/// The book's skip-gram: h = W_in[target] predicts each of the 2W contexts; the loss is the sum over
/// context positions of each position's batch-mean loss. Batched as one loss over B * 2W rows, times 2W.
/// </summary>
public sealed class SkipGram : Word2VecModel
{
    public SkipGram(Tensor initialIn, Tensor initialOut, INegativeSource negatives, GradientMode mode = GradientMode.Manual)
        : base(nameof(SkipGram), initialIn, initialOut, negatives, mode) => RegisterComponents();

    public override ModelKind Kind => ModelKind.SkipGram;

    public override Tensor forward(Tensor contexts, Tensor target)
    {
        CheckBatch(contexts, target);
        var (rows, width) = (contexts.shape[0], contexts.shape[1]);
        var h = inLayer.forward(target);
        var repeated = h.unsqueeze(1).expand(rows, width, HiddenSize).reshape(rows * width, HiddenSize);
        return nsLoss.forward(repeated, contexts.reshape(-1)) * width;
    }

    protected override double SparseStepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update, INegativeSource negatives)
    {
        var (rows, width) = (contexts.shape[0], contexts.shape[1]);
        var keep = mask.reshape(-1).to_type(ScalarType.Bool);
        var centre = target.unsqueeze(1).expand(rows, width).reshape(-1).masked_select(keep);
        var context = contexts.reshape(-1).masked_select(keep);
        var h = Layers.Embedding.Lookup(WIn, centre);
        var (loss, dh) = nsLoss.SparseStep(h, context, update, rows, negatives);
        update.Apply(WIn, centre, dh, rows);
        // forward's loss is the sum over context positions of each position's batch mean.
        return loss * width;
    }
}

using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>Skip-gram's sparse step on tensors: the book's pairs (or turned around, sharing negatives by
/// window), then the loss's sparse step.</summary>
internal sealed class SparseSkipGram(SkipGram model, SkipGramNegatives pairing) : SparseModel(model)
{
    /// <inheritdoc/>
    protected override double StepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update,
        INegativeSource negatives)
    {
        var (rows, width) = (contexts.shape[0], contexts.shape[1]);
        var keep = mask.reshape(-1).to_type(ScalarType.Bool);
        var centre = target.unsqueeze(1).expand(rows, width).reshape(-1).masked_select(keep);
        var context = contexts.reshape(-1).masked_select(keep);
        if (pairing == SkipGramNegatives.SharedByWindow)
        {
            // Each context predicts its centre; the row's K negatives, drawn once, repeated for each of its pairs.
            var row = arange(rows, device: target.device).unsqueeze(1).expand(rows, width).reshape(-1)
                .masked_select(keep);
            (centre, context) = (context, centre);
            negatives = new RepeatedNegatives(negatives.Sample(target).index_select(0, row));
        }
        var h = Embedding.Lookup(Model.WIn, centre);
        var (loss, dh) = Loss.Step(h, context, update, rows, negatives);
        update.Apply(Model.WIn, centre, dh, rows);
        // forward's loss is the sum over context positions of each position's batch mean.
        return loss * width;
    }

    /// <summary>Negatives already drawn for the step's pairs.</summary>
    private sealed class RepeatedNegatives(Tensor perPair) : INegativeSource
    {
        public Tensor Sample(Tensor target) => perPair;
    }
}

using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>Skip-gram's fast-path step.</summary>
internal sealed partial class SkipGram
{
    /// <summary>How the fast path pairs the window's words and draws their negatives.</summary>
    public SkipGramNegatives Pairing { get; }

    /// <inheritdoc/>
    protected override double SparseStepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update,
        INegativeSource negatives)
    {
        var (rows, width) = (contexts.shape[0], contexts.shape[1]);
        var keep = mask.reshape(-1).to_type(ScalarType.Bool);
        var centre = target.unsqueeze(1).expand(rows, width).reshape(-1).masked_select(keep);
        var context = contexts.reshape(-1).masked_select(keep);
        if (Pairing == SkipGramNegatives.SharedByWindow)
        {
            // Each context predicts its centre; the row's K negatives, drawn once, repeated for each of its pairs.
            var row = arange(rows, device: target.device).unsqueeze(1).expand(rows, width).reshape(-1)
                .masked_select(keep);
            (centre, context) = (context, centre);
            negatives = new RepeatedNegatives(negatives.Sample(target).index_select(0, row));
        }
        var h = Embedding.Lookup(WIn, centre);
        var (loss, dh) = nsLoss.SparseStep(h, context, update, rows, negatives);
        update.Apply(WIn, centre, dh, rows);
        // forward's loss is the sum over context positions of each position's batch mean.
        return loss * width;
    }

    /// <summary>Negatives already drawn for the step's pairs.</summary>
    private sealed class RepeatedNegatives(Tensor perPair) : INegativeSource
    {
        public Tensor Sample(Tensor target) => perPair;
    }
}

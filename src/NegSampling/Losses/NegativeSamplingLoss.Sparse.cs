using NegSampling.Layers;
using NegSampling.Sampling;
using static TorchSharp.torch;

namespace NegSampling.Losses;

/// <summary>The loss's step for the fast path: the layers' math without autograd, and shared labels.</summary>
internal sealed partial class NegativeSamplingLoss
{
    private readonly Lock labelsGate = new();
    private readonly List<(long Rows, long Columns, ScalarType Dtype, Device Device, Tensor Labels)> labelsMade = [];

    /// <summary>
    /// One step of this loss without autograd, by the same layer math: scores through EmbeddingDot's
    /// forward, sigmoid(s) - t from SigmoidWithLoss, EmbeddingDot's backward, and Embedding's rule applied
    /// to the rows of W_out used, through <paramref name="update"/> (gradients per row: no 1/B).
    /// Returns the batch-mean loss and dh (per row) for the caller's W_in update. A worker thread passes its
    /// own <paramref name="negatives"/>; by default they come from <see cref="Negatives"/>.
    /// </summary>
    public (double Loss, Tensor Dh) SparseStep(Tensor h, Tensor target, ISparseUpdate update, long batchRows,
        INegativeSource? negatives = null)
    {
        var idx = Candidates(target, (negatives ?? Negatives).Sample(target));
        var scores = embedDot.ScoresWithoutAutograd(h, idx);
        var labels = SharedLabels(scores);
        var dout = SigmoidWithLoss.Gradient(scores, labels);
        var dh = embedDot.DhWithoutAutograd(dout, idx); // before the update: dh reads W_out as the scores saw it
        // EmbeddingDot's dtarget_W = dout * h, handed over as its two factors.
        update.ApplyProducts(W, idx, dout, h, batchRows);
        return (SigmoidWithLoss.BatchMeanValue(scores, labels), dh);
    }

    /// <summary>
    /// The labels (1 for the positive column, 0 for the negatives) as the first rows of a tensor made once
    /// and shared, read-only, by every step and worker, built without Scalars (see SigmoidWithLoss). A larger
    /// batch makes a larger one; none is freed before the module, since another worker may be reading it.
    /// </summary>
    private Tensor SharedLabels(Tensor scores)
    {
        var (rows, columns, dtype, device) = (scores.shape[0], scores.shape[1], scores.dtype, scores.device);
        lock (labelsGate)
        {
            var labels = labelsMade.FirstOrDefault(m => m.Rows >= rows && m.Columns == columns && m.Dtype == dtype
                && m.Device.type == device.type && m.Device.index == device.index).Labels;
            if (labels is null)
            {
                using var scope = NewDisposeScope(); // the parts go; the labels stay past the step's scope
                labels = cat([ones(rows, 1, dtype, device), zeros(rows, columns - 1, dtype, device)], 1)
                    .DetachFromDisposeScope();
                labelsMade.Add((rows, columns, dtype, device, labels));
            }
            return labels.narrow(0, 0, rows);
        }
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var made in labelsMade) made.Labels.Dispose();
        base.Dispose(disposing);
    }
}

using NegSampling.Losses;
using NegSampling.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// The book's NegativeSamplingLoss as one step without autograd on W_out: its layers' math, EmbeddingDot's
/// forward and backward and SigmoidWithLoss's gradient, with Embedding's rule applied to the rows used.
/// </summary>
internal sealed class SparseNegativeSamplingLoss : IDisposable
{
    private readonly Tensor outputWeight;
    private readonly SparseEmbeddingDot embedDot;
    private readonly List<(long Rows, long Columns, ScalarType Dtype, Device Device, Tensor Labels)> labelsMade = [];

    /// <summary>The step on <paramref name="outputWeight"/> (W_out), which it updates in place.</summary>
    public SparseNegativeSamplingLoss(Tensor outputWeight) =>
        (this.outputWeight, embedDot) = (outputWeight, new SparseEmbeddingDot(outputWeight));

    /// <summary>
    /// One step: scores through EmbeddingDot's forward, sigmoid(s) - t from SigmoidWithLoss, EmbeddingDot's
    /// backward, and Embedding's rule applied to the rows of W_out used, through <paramref name="update"/>
    /// (gradients per row: no 1/B). Returns the batch-mean loss and dh (per row) for the caller's W_in update.
    /// </summary>
    public (double Loss, Tensor Dh) Step(Tensor h, Tensor target, ISparseUpdate update, long batchRows,
        INegativeSource negatives)
    {
        var idx = NegativeSamplingLoss.Candidates(target, negatives.Sample(target));
        var scores = embedDot.Scores(h, idx);
        var labels = Labels(scores);
        var dout = SigmoidWithLoss.Gradient(scores, labels);
        var dh = embedDot.Dh(dout, idx); // before the update: dh reads W_out as the scores saw it
        // EmbeddingDot's dtarget_W = dout * h, handed over as its two factors.
        update.ApplyProducts(outputWeight, idx, dout, h, batchRows);
        return (BatchMeanValue(scores, labels), dh);
    }

    /// <summary>
    /// SigmoidWithLoss.BatchMean's value by libtorch's fused binary_cross_entropy_with_logits: one call where the
    /// hand-written formula takes ten, and the step needs the number only.
    /// </summary>
    private static double BatchMeanValue(Tensor x, Tensor t)
    {
        using var sum = nn.functional.binary_cross_entropy_with_logits(x, t, reduction: nn.Reduction.Sum);
        return sum.ToDouble() / x.shape[0];
    }

    /// <summary>
    /// The labels (1 for the positive column, 0 for the negatives) as the first rows of a tensor made once and
    /// reused by every step, built without Scalars (see SigmoidWithLoss). A larger batch makes a larger one.
    /// </summary>
    private Tensor Labels(Tensor scores)
    {
        var (rows, columns, dtype, device) = (scores.shape[0], scores.shape[1], scores.dtype, scores.device);
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

    /// <summary>Frees the labels and the embedding_bag.</summary>
    public void Dispose()
    {
        foreach (var made in labelsMade) made.Labels.Dispose();
        embedDot.Dispose();
    }
}

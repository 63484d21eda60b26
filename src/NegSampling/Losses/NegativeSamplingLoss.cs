using NegSampling.Layers;
using NegSampling.Sampling;
using TorchSharp;
using TorchSharp.Modules;
using Embedding = NegSampling.Layers.Embedding;
using static TorchSharp.torch;

namespace NegSampling.Losses;

/// <summary>
/// The book's NegativeSamplingLoss, batched: for each row one positive target and K negatives are scored in
/// one EmbeddingDot call (B x (K+1)), and loss = mean over rows of -log sigmoid(s+) - sum log sigmoid(-s-).
/// </summary>
public sealed class NegativeSamplingLoss : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly EmbeddingDot embedDot;
    private readonly SigmoidWithLoss loss;
    private readonly object labelsGate = new();
    private readonly List<(long Rows, long Columns, ScalarType Dtype, DeviceType Device, int DeviceIndex, Tensor Labels)> labelsMade = [];

    public NegativeSamplingLoss(Tensor initialOutputWeight, INegativeSource negatives, GradientMode mode = GradientMode.Manual)
        : base(nameof(NegativeSamplingLoss))
    {
        embedDot = new EmbeddingDot(initialOutputWeight, mode);
        loss = new SigmoidWithLoss(mode);
        Negatives = negatives;
        RegisterComponents();
    }

    /// <summary>W_out, the output-side word vectors.</summary>
    public Parameter W => embedDot.W;

    public INegativeSource Negatives { get; set; }

    public GradientMode Mode
    {
        get => embedDot.Mode;
        set { embedDot.Mode = value; loss.Mode = value; }
    }

    /// <summary>Loss for hidden vectors h (B x H) and targets (B), with negatives drawn from <see cref="Negatives"/>.</summary>
    public override Tensor forward(Tensor h, Tensor target) => forward(h, target, Negatives.Sample(target));

    /// <summary>Loss with the negatives given (B x K).</summary>
    public Tensor forward(Tensor h, Tensor target, Tensor negatives)
    {
        if (target.dim() != 1 || negatives.dim() != 2 || negatives.shape[0] != target.shape[0])
            throw new ArgumentException(
                $"target must be B and negatives B x K; found target {IndexGuard.Shape(target)} and negatives {IndexGuard.Shape(negatives)}");
        var idx = Candidates(target, negatives);
        var scores = embedDot.forward(h, idx);
        return loss.forward(scores, Labels(scores));
    }

    /// <summary>
    /// One step of this loss without autograd, by the same layer math: scores through EmbeddingDot's
    /// forward, sigmoid(s) - t from SigmoidWithLoss, EmbeddingDot's backward, and Embedding's rule applied
    /// to the rows of W_out used, through <paramref name="update"/> (gradients per row: no 1/B).
    /// Returns the batch-mean loss and dh (per row) for the caller's W_in update. A worker thread passes its
    /// own <paramref name="negatives"/>; by default they come from <see cref="Negatives"/>.
    /// </summary>
    public (double Loss, Tensor Dh) SparseStep(Tensor h, Tensor target, ISparseUpdate update, long batchRows, INegativeSource? negatives = null)
    {
        var idx = Candidates(target, (negatives ?? Negatives).Sample(target));
        var scores = embedDot.ScoresWithoutAutograd(h, idx);
        var labels = Labels(scores);
        var dout = SigmoidWithLoss.Gradient(scores, labels);
        var dh = embedDot.DhWithoutAutograd(dout, idx); // before the update: dh reads W_out as the scores saw it
        // EmbeddingDot's dtarget_W = dout * h, handed over as its two factors.
        update.ApplyProducts(W, idx, dout, h, batchRows);
        return (SigmoidWithLoss.BatchMeanValue(scores, labels), dh);
    }

    /// <summary>Each row's positive target followed by its K negatives: B x (K+1).</summary>
    private static Tensor Candidates(Tensor target, Tensor negatives) => cat([target.unsqueeze(1).to_type(negatives.dtype), negatives], 1);

    /// <summary>
    /// 1 for the positive (column 0), 0 for the negatives (built without Scalars; see SigmoidWithLoss), as the
    /// first rows of a labels tensor made once and shared, read-only, by every step and worker: building
    /// them took three native calls a step. A larger batch makes a larger one; none is freed before the
    /// module, since another worker may still be reading it.
    /// </summary>
    private Tensor Labels(Tensor scores)
    {
        var (rows, columns, dtype, device) = (scores.shape[0], scores.shape[1], scores.dtype, scores.device);
        Tensor? labels = null;
        lock (labelsGate)
        {
            foreach (var made in labelsMade)
                if (made.Rows >= rows && made.Columns == columns && made.Dtype == dtype && made.Device == device.type && made.DeviceIndex == device.index)
                    labels = made.Labels;
            if (labels is null)
            {
                using var scope = NewDisposeScope(); // the parts go; the labels stay past the step's scope
                labels = cat([ones(rows, 1, dtype, device), zeros(rows, columns - 1, dtype, device)], 1).DetachFromDisposeScope();
                labelsMade.Add((rows, columns, dtype, device.type, device.index, labels));
            }
        }
        return labels.narrow(0, 0, rows);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            foreach (var made in labelsMade) made.Labels.Dispose();
        base.Dispose(disposing);
    }
}

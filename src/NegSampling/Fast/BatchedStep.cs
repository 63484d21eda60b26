using NegSampling.Losses;
using NegSampling.Models;
using NegSampling.Sampling;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// The fast mode's step for batches of thousands of windows, from libtorch ops only, so that it runs on any device
/// (<see cref="StepKind.Batched"/>): each scored row's h gathered by index (CBOW's mean of the contexts in use as
/// one embedding_bag with the mask's weights; skip-gram's W_in rows by index_select), the target and K negatives
/// per row (drawn by the worker's sampler, on the device with the multinomial one) gathered from W_out, scores and
/// dh as batched products, and both updates applied with index_add_. Every score and dh is computed from the
/// weights as they were, then W_out is updated, then W_in: the batch semantics of the kernels and the libtorch
/// route, which it equals with SGD when <see cref="FastOptions.RowMean"/> is off. With it on, a row met n times in
/// the batch has the sum of its gradient rows divided by max(1, n / <see cref="FastOptions.RowCap"/>): at alpha
/// 0.025 the sum of a frequent word's updates over a batch of 1,024 windows already wrecks the vectors, while the
/// plain mean (cap 1) gives a frequent word one step a batch and leaves it untrained. With row-wise Adagrad
/// (<see cref="RowAdagrad"/>) each row's summed gradient is scaled by the row's own history instead. One per worker:
/// it holds the embedding_bag.
/// </summary>
internal sealed class BatchedStep(Word2VecModel model, FastOptions options) : IDisposable
{
    private readonly SparseEmbedding inBag = new(model.WIn);

    /// <summary>
    /// One step of <paramref name="update"/> (word2vec's SGD, per sample, or row-wise Adagrad) on contexts (B x 2W), a
    /// mask of the slots in use (B x 2W, 1 or 0, at least one a row) and targets (B), all on the weights' device,
    /// negatives from <paramref name="negatives"/>. Returns the loss as the other routes do (CBOW: the rows' mean;
    /// skip-gram: the pairs' mean times 2W).
    /// </summary>
    public double Step(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update, INegativeSource negatives)
    {
        Word2VecModel.CheckBatch(contexts, target);
        if (update is not (SparseSgd or RowAdagrad))
            throw new ArgumentException($"the batched step runs SGD or row-wise Adagrad, not {update.GetType().Name}",
                nameof(update));
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return model is Cbow ? CbowStep(contexts, mask, target, update, negatives)
            : SkipGramStep(contexts, mask, target, update, negatives);
    }

    private double CbowStep(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update,
        INegativeSource negatives)
    {
        var weights = mask / mask.sum(1, keepdim: true);
        var h = inBag.WeightedSum(contexts, weights); // the mean over the slots in use
        var (loss, dh) = ScoreAndUpdateOutput(h, target, negatives.Sample(target), update);
        // The mean's backward gives each slot dh times its weight in the mean; word2vec's rule gives it dh.
        var share = options.ContextUpdate == CbowContextUpdate.Gradient ? weights : mask;
        var rows = share.unsqueeze(-1) * dh.unsqueeze(1);
        AddRows(model.WIn, contexts.reshape(-1), rows.reshape(-1, dh.shape[1]), mask.reshape(-1), update);
        return loss / target.shape[0];
    }

    private double SkipGramStep(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update,
        INegativeSource negatives)
    {
        var (rows, width) = (contexts.shape[0], contexts.shape[1]);
        var keep = mask.reshape(-1).to_type(ScalarType.Bool);
        var centre = target.unsqueeze(1).expand(rows, width).reshape(-1).masked_select(keep);
        var context = contexts.reshape(-1).masked_select(keep);
        Tensor drawn;
        if (options.Pairing == SkipGramNegatives.SharedByWindow)
        {
            // Each context predicts its centre, against its window's K negatives, drawn once.
            var row = arange(rows, device: target.device).unsqueeze(1).expand(rows, width).reshape(-1)
                .masked_select(keep);
            (centre, context) = (context, centre);
            drawn = negatives.Sample(target).index_select(0, row);
        }
        else drawn = negatives.Sample(context);
        var pairs = centre.shape[0];
        if (pairs == 0) return 0;
        var (loss, dh) = ScoreAndUpdateOutput(model.WIn.index_select(0, centre), context, drawn, update);
        AddRows(model.WIn, centre, dh, null, update);
        return loss / pairs * width;
    }

    /// <summary>
    /// Scores each row's h (P x H) against its positive and K negatives' W_out rows, and updates those rows; returns
    /// the summed loss and dh = sum of (sigmoid(s) - t) times the W_out rows as they were, for the W_in update.
    /// </summary>
    private (double Loss, Tensor Dh) ScoreAndUpdateOutput(Tensor h, Tensor positive, Tensor drawn,
        ISparseUpdate update)
    {
        var candidates = NegativeSamplingLoss.Candidates(positive, drawn); // P x (K + 1)
        var (scored, columns, hidden) = (candidates.shape[0], candidates.shape[1], h.shape[1]);
        var flat = candidates.reshape(-1);
        var u = model.WOut.index_select(0, flat).view(scored, columns, hidden);
        var scores = bmm(u, h.unsqueeze(2)).squeeze(2);
        using var one = 1.ToScalar(); // held, as the rate below
        var labels = zeros_like(scores);
        labels.select(1, 0).fill_(one); // the positive column
        var g = SigmoidWithLoss.Gradient(scores, labels);
        var loss = nn.functional.binary_cross_entropy_with_logits(scores, labels, reduction: nn.Reduction.Sum);
        var dh = bmm(g.unsqueeze(1), u).squeeze(1);
        AddRows(model.WOut, flat, (g.unsqueeze(-1) * h.unsqueeze(1)).reshape(-1, hidden), null, update);
        return (loss.ToDouble(), dh);
    }

    /// <summary>
    /// SGD: W[ids[n]] -= alpha * rows[n], repeats adding up; with row means each row divided first by max(1, c / cap),
    /// c how often its id occurs in <paramref name="ids"/> (counting slot n as <paramref name="inUse"/>[n], 1 or 0;
    /// null: all 1). Another update (Adagrad) takes the rows as they are: a slot not in use has a zero row.
    /// </summary>
    private void AddRows(Tensor w, Tensor ids, Tensor rows, Tensor? inUse, ISparseUpdate update)
    {
        if (update.PlainSgdRate is not { } alpha)
        {
            update.Apply(w, ids, rows, ids.shape[0]);
            return;
        }
        if (options.RowMean)
        {
            using var one = 1.ToScalar();
            var counts = zeros(w.shape[0], w.dtype, w.device).index_add_(0, ids, inUse ?? ones_like(ids, w.dtype), one);
            // A slot not in use may hold an id that no slot uses: its row is zero, and a count of 1 keeps it so.
            using var cap = options.RowCap.ToScalar();
            rows = rows / counts.index_select(0, ids).div_(cap).clamp_min_(one).unsqueeze(1);
        }
        using var rate = (-alpha).ToScalar(); // held: an implicit Scalar may be finalised mid-call
        w.index_add_(0, ids, rows, rate);
    }

    /// <summary>Frees the embedding_bag (not the weights, which are the model's).</summary>
    public void Dispose() => inBag.Dispose();
}

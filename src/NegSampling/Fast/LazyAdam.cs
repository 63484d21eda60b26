using NegSampling.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// Adam as the fast path applies it, a lazy Adam and a departure from the book: only the rows a batch uses have
/// their moments and weights updated, the gradient being that of the batch-mean loss, with the bias corrections
/// of the global step count (as torch.optim.SparseAdam). The moments are the <see cref="Adam"/>'s, so a
/// checkpoint holds them as for the faithful path.
/// </summary>
internal sealed class LazyAdam(Adam adam) : ISparseUpdate
{
    /// <summary>Lazy Adam on the rows <paramref name="ids"/> of a weight: their moments and values only.</summary>
    public void Apply(Tensor weight, Tensor ids, Tensor rowGradients, long batchRows)
    {
        var (m, v) = adam.Moments(weight);
        using var scope = NewDisposeScope();
        using var mean = (1.0 / batchRows).ToScalar();
        // Repeated ids accumulate first (np.add.at), so each row gets one Adam update per batch.
        var (rows, gradient) = SparseEmbedding.SumRepeats(ids, rowGradients, mean);
        var t = Math.Max(adam.StepCount, 1);
        using var beta1 = adam.Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - adam.Beta1).ToScalar();
        using var beta2 = adam.Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - adam.Beta2).ToScalar();
        using var correction2 = Math.Sqrt(1 - Math.Pow(adam.Beta2, t)).ToScalar();
        using var eps = adam.Eps.ToScalar();
        using var stepSize = (-adam.LearningRate / (1 - Math.Pow(adam.Beta1, t))).ToScalar();
        var mRows = m.index_select(0, rows).mul_(beta1).add_(gradient, oneMinusBeta1);
        var vRows = v.index_select(0, rows).mul_(beta2).addcmul_(gradient, gradient, oneMinusBeta2);
        m.index_copy_(0, rows, mRows);
        v.index_copy_(0, rows, vRows);
        var change = (mRows / vRows.sqrt().div_(correction2).add_(eps)).mul_(stepSize);
        using var one = 1.ToScalar();
        weight.index_add_(0, rows, change, one);
    }
}

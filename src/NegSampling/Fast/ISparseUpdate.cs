using NegSampling.Training.Optimizers;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// How the fast path turns Embedding's backward rule into an update: the gradient rows of the ids used
/// (repeats allowed, per batch row, before any 1/B), applied to those rows of the weight only.
/// </summary>
internal interface ISparseUpdate
{
    /// <summary>Updates the rows <paramref name="ids"/> of <paramref name="weight"/> from their gradient
    /// rows.</summary>
    void Apply(Tensor weight, Tensor ids, Tensor rowGradients, long batchRows);

    /// <summary>
    /// The same with the gradient rows given as products: the row of ids[b, m] is coefficients[b, m] *
    /// vectors[b], the form of EmbeddingDot's dtarget_W = dout * h and of CBOW's context rows. By default
    /// the rows are materialised (B x M x H) and passed to <see cref="Apply"/>.
    /// </summary>
    void ApplyProducts(Tensor weight, Tensor ids, Tensor coefficients, Tensor vectors, long batchRows) =>
        Apply(weight, ids, SparseEmbedding.ProductRows(coefficients, vectors), batchRows);

    /// <summary>
    /// When this update is word2vec's plain SGD, its per-sample rate, which the fused CPU kernels apply inside
    /// their own loops; null for an update they cannot apply (lazy Adam), which goes the libtorch route, and for
    /// row-wise Adagrad, which the batched step applies.
    /// </summary>
    double? PlainSgdRate => null;

    /// <summary>
    /// The fast path's rule for one batch of <paramref name="optimizer"/> at a point of progress (0 to 1):
    /// <see cref="SparseSgd"/> at the SGD's rate then, <see cref="LazyAdam"/> or <see cref="RowAdagrad"/>. Each call
    /// counts as one step of the optimizer (thread-safe: Hogwild workers share the count).
    /// </summary>
    static ISparseUpdate For(Optimizer optimizer, double progress)
    {
        optimizer.IncrementStepCount();
        return optimizer switch
        {
            Sgd sgd => new SparseSgd(sgd.RateAt(progress)),
            Adam adam => new LazyAdam(adam),
            Adagrad adagrad => new RowAdagrad(adagrad, adagrad.RateAt(progress)),
            _ => throw new ArgumentException($"no sparse update for a {optimizer.GetType().Name}", nameof(optimizer)),
        };
    }
}

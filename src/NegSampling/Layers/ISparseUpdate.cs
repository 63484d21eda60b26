using static TorchSharp.torch;

namespace NegSampling.Layers;

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
        Apply(weight, ids, Embedding.ProductRows(coefficients, vectors), batchRows);

    /// <summary>
    /// When this update is word2vec's plain SGD, its per-sample rate, which the fused CPU kernels apply inside
    /// their own loops; null for an update they cannot apply (lazy Adam), which goes the libtorch route.
    /// </summary>
    double? PlainSgdRate => null;
}

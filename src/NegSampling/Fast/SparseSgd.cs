using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>word2vec's SGD: W[ids] -= alpha * gradient, per sample (no 1/B), repeats accumulating.</summary>
internal readonly record struct SparseSgd(double Alpha) : ISparseUpdate
{
    /// <inheritdoc/>
    public double? PlainSgdRate => Alpha;

    /// <inheritdoc/>
    public void Apply(Tensor weight, Tensor ids, Tensor rowGradients, long batchRows) =>
        SparseEmbedding.Apply(weight, ids, rowGradients, -Alpha);

    /// <inheritdoc/>
    public void ApplyProducts(Tensor weight, Tensor ids, Tensor coefficients, Tensor vectors, long batchRows) =>
        SparseEmbedding.Apply(weight, ids, coefficients, vectors, -Alpha);
}

using static TorchSharp.torch;

namespace NegSampling.Layers;

/// <summary>word2vec's SGD: W[ids] -= alpha * gradient, per sample (no 1/B), repeats accumulating.</summary>
internal readonly record struct SparseSgd(double Alpha) : ISparseUpdate
{
    /// <inheritdoc/>
    public double? PlainSgdRate => Alpha;

    /// <inheritdoc/>
    public void Apply(Tensor weight, Tensor ids, Tensor rowGradients, long batchRows) =>
        Embedding.ApplySparse(weight, ids, rowGradients, -Alpha);

    /// <inheritdoc/>
    public void ApplyProducts(Tensor weight, Tensor ids, Tensor coefficients, Tensor vectors, long batchRows) =>
        Embedding.ApplySparse(weight, ids, coefficients, vectors, -Alpha);
}

using static TorchSharp.torch;

namespace NegSampling.Layers;

/// <summary>
/// How the fast path turns Embedding's backward rule into an update: the gradient rows of the ids used
/// (repeats allowed, per batch row, before any 1/B), applied to those rows of the weight only.
/// </summary>
public interface ISparseUpdate
{
    void Apply(Tensor weight, Tensor ids, Tensor rowGradients, long batchRows);
}

/// <summary>word2vec's SGD: W[ids] -= alpha * gradient, per sample (no 1/B), repeats accumulating.</summary>
public readonly record struct SparseSgd(double Alpha) : ISparseUpdate
{
    public void Apply(Tensor weight, Tensor ids, Tensor rowGradients, long batchRows) =>
        Embedding.ApplySparse(weight, ids, rowGradients, -Alpha);
}

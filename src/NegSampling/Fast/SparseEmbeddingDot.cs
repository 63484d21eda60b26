using NegSampling.Layers;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>The book's EmbeddingDot forward and backward on a weight W, without autograd.</summary>
internal sealed class SparseEmbeddingDot : IDisposable
{
    private readonly Tensor weight;
    private readonly SparseEmbedding embed;

    /// <summary>The step on <paramref name="weight"/> (V x H), which it updates in place.</summary>
    public SparseEmbeddingDot(Tensor weight) => (this.weight, embed) = (weight, new SparseEmbedding(weight));

    /// <summary>
    /// The forward's scores: on the CPU one pass over each row of W used (<see cref="CpuRowKernels.TryDot"/>),
    /// elsewhere W[idx] and <see cref="EmbeddingDot.Scores"/>.
    /// </summary>
    public Tensor Scores(Tensor h, Tensor idx) =>
        CpuRowKernels.TryDot(weight, idx, h) ?? EmbeddingDot.Scores(Embedding.Lookup(weight, idx), h, idx);

    /// <summary>
    /// The backward's dh = sum over s of dout[b, s] * W[idx[b, s]], without gathering W[idx]: for B x S ids
    /// it is Embedding's weighted sum with dout as the weights.
    /// </summary>
    public Tensor Dh(Tensor dout, Tensor idx) =>
        idx.dim() == 2 ? embed.WeightedSum(idx, dout) : EmbeddingDot.Dh(dout, Embedding.Lookup(weight, idx), idx);

    /// <summary>Frees the embedding_bag behind <see cref="Dh"/>.</summary>
    public void Dispose() => embed.Dispose();
}

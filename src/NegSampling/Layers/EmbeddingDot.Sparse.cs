using static TorchSharp.torch;

namespace NegSampling.Layers;

/// <summary>EmbeddingDot's forward and backward for the fast path: the same math without autograd.</summary>
internal sealed partial class EmbeddingDot
{
    /// <summary>
    /// The forward's scores: on the CPU one pass over each row of W used (<see cref="CpuRowKernels.TryDot"/>),
    /// elsewhere W[idx] and <see cref="Scores(Tensor, Tensor, Tensor)"/>.
    /// </summary>
    public Tensor ScoresWithoutAutograd(Tensor h, Tensor idx) =>
        CpuRowKernels.TryDot(W, idx, h) ?? Scores(Embedding.Lookup(W, idx), h, idx);

    /// <summary>
    /// The backward's dh = sum over s of dout[b, s] * W[idx[b, s]], without gathering W[idx]: for B x S ids
    /// it is Embedding's weighted sum with dout as the weights.
    /// </summary>
    public Tensor DhWithoutAutograd(Tensor dout, Tensor idx) =>
        idx.dim() == 2 ? embed.WeightedSum(idx, dout) : Dh(dout, Embedding.Lookup(W, idx), idx);
}

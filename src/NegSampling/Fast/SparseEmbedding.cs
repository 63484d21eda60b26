using NegSampling.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Fast;

/// <summary>
/// The fast path's uses of an Embedding's weight: the CBOW mean as one embedding_bag call, and the book's
/// backward rule (<see cref="Embedding.Backward"/>) applied as an update of the rows used instead of a dense
/// V x H gradient.
/// </summary>
/// <remarks>Not for several threads at once: each fast-path worker has its own (see <see cref="FastStep"/>).</remarks>
internal sealed class SparseEmbedding(Tensor weight) : IDisposable
{
    // It reads W's storage through a detached alias: embedding_bag keeps the data for a backward whenever its
    // weight requires grad, no_grad or not. Made on first use, it follows in-place changes of W (updates,
    // restores), not a W moved to another device.
    private TorchSharp.Modules.EmbeddingBag? sumBag;

    /// <summary>
    /// h[b] = sum over c of weights[b, c] * W[idx[b, c]] for idx and weights B x C, without autograd:
    /// <see cref="Embedding.Lookup"/> and a weighted sum (the CBOW mean, with weights 1/count) in one libtorch call.
    /// </summary>
    public Tensor WeightedSum(Tensor idx, Tensor weights)
    {
        sumBag ??= nn.EmbeddingBag_from_pretrained(weight.detach(), freeze: true, mode: EmbeddingBagMode.Sum);
        return sumBag.forward(IndexGuard.AsInt64(idx), null, weights);
    }

    /// <summary>
    /// The backward rule applied as an update: W += scale * (np.add.at of dout at idx), touching only the rows
    /// in idx. On the CPU a SIMD row loop (<see cref="CpuRowKernels.TryAdd"/>); elsewhere scatter_add_.
    /// </summary>
    public static void Apply(Tensor w, Tensor idx, Tensor dout, double scale)
    {
        var rows = dout.reshape(-1, w.shape[1]);
        var ids = IndexGuard.AsInt64(idx).reshape(-1);
        if (!CpuRowKernels.TryAdd(w, ids, rows, null, scale)) ScatterAdd(w, ids, rows, scale);
    }

    /// <summary>
    /// <see cref="Apply(Tensor, Tensor, Tensor, double)"/> with dout given as products,
    /// dout[b, m] = coefficients[b, m] * vectors[b] for idx of shape B x M: on the CPU never materialised.
    /// </summary>
    public static void Apply(Tensor w, Tensor idx, Tensor coefficients, Tensor vectors, double scale)
    {
        var ids = IndexGuard.AsInt64(idx).reshape(-1);
        if (!CpuRowKernels.TryAdd(w, ids, vectors, coefficients.reshape(-1), scale))
            ScatterAdd(w, ids, ProductRows(coefficients, vectors).reshape(-1, w.shape[1]), scale);
    }

    /// <summary>
    /// The distinct ids of <paramref name="ids"/> and, for each, <paramref name="scale"/> times the sum of its
    /// gradient rows (np.add.at), so that an optimizer with per-row state updates each row once a batch.
    /// </summary>
    public static (Tensor Rows, Tensor Summed) SumRepeats(Tensor ids, Tensor rowGradients, Scalar scale)
    {
        var hidden = rowGradients.shape[^1];
        var (rows, inverse, _) = unique(ids.reshape(-1), sorted: false, return_inverse: true);
        var summed = zeros([rows.shape[0], hidden], rowGradients.dtype, rowGradients.device).index_add_(0, inverse!,
            rowGradients.reshape(-1, hidden), scale);
        return (rows, summed);
    }

    /// <summary>The rows coefficients[b, m] * vectors[b], materialised: B x M x H.</summary>
    public static Tensor ProductRows(Tensor coefficients, Tensor vectors) =>
        coefficients.unsqueeze(-1) * vectors.unsqueeze(-2);

    /// <summary>W[ids[n]] += scale * rows[n] by libtorch, for tensors the CPU kernel cannot walk.</summary>
    private static void ScatterAdd(Tensor w, Tensor ids, Tensor rows, double scale)
    {
        using var alpha = scale.ToScalar(); // held: an implicit Scalar may be finalised while the native call reads it
        w.scatter_add_(0, ids.unsqueeze(1).expand(rows.shape[0], w.shape[1]), rows * alpha);
    }

    /// <summary>Frees the embedding_bag (not the weight, which is the model's).</summary>
    public void Dispose() => sumBag?.Dispose();
}

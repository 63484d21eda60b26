using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Layers;

/// <summary>
/// The book's Embedding layer: forward(idx) = W[idx] for idx of any shape. The backward is the book's:
/// dW = zeros, then np.add.at(dW, idx, dout), so repeated ids accumulate instead of overwriting.
/// </summary>
public sealed class Embedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;
    // Not a registered component (a Lazy is not a Module), so W is not listed twice. It reads W's storage
    // through a detached alias: embedding_bag keeps the data for a backward whenever its weight requires
    // grad, no_grad or not, and that doubled its time here. Made on first use, it follows in-place changes
    // of W (updates, checkpoint restores), not a W moved to another device afterwards (nothing here does).
    private readonly Lazy<TorchSharp.Modules.EmbeddingBag> sumBag;

    public Embedding(Tensor initialWeight, GradientMode mode = GradientMode.Manual) : base(nameof(Embedding))
    {
        if (initialWeight.dim() != 2)
            throw new ArgumentException($"an embedding weight must be V x H; found shape {IndexGuard.Shape(initialWeight)}", nameof(initialWeight));
        weight = new Parameter(initialWeight.detach().clone());
        Mode = mode;
        sumBag = new(() => nn.EmbeddingBag_from_pretrained(weight.detach(), freeze: true, mode: EmbeddingBagMode.Sum));
        RegisterComponents();
    }

    /// <summary>The V x H weight.</summary>
    public Parameter W => weight;

    public GradientMode Mode { get; set; }

    public override Tensor forward(Tensor idx)
    {
        IndexGuard.Check(idx, weight.shape[0], nameof(idx));
        return Mode == GradientMode.Manual ? LookupFunction.apply(weight, idx) : Lookup(weight, idx);
    }

    /// <summary>
    /// h[b] = sum over c of weights[b, c] * W[idx[b, c]] for idx and weights B x C, without autograd: Lookup
    /// and a weighted sum (the CBOW mean, with weights 1/count) in one call of libtorch's embedding_bag. In
    /// the fast CBOW step it took a third of the time of index_select and a batched product.
    /// </summary>
    public Tensor WeightedSum(Tensor idx, Tensor weights) => sumBag.Value.forward(idx, null, weights);

    protected override void Dispose(bool disposing)
    {
        if (disposing && sumBag.IsValueCreated) sumBag.Value.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>W[idx] with idx of any shape; index_select is about twice as fast as advanced indexing.</summary>
    public static Tensor Lookup(Tensor w, Tensor idx) =>
        w.index_select(0, idx.reshape(-1)).reshape([.. idx.shape, w.shape[1]]);

    /// <summary>The book's backward: dW = zeros_like(W); np.add.at(dW, idx, dout).</summary>
    public static Tensor Backward(long[] weightShape, Tensor idx, Tensor dout)
    {
        var dW = zeros(weightShape, dout.dtype, dout.device);
        using var one = 1.ToScalar(); // held: an implicit Scalar may be finalised while the native call still reads it
        return dW.index_add_(0, idx.reshape(-1), dout.reshape(-1, weightShape[1]), one);
    }

    /// <summary>
    /// The same rule applied as an update instead of a gradient: W += scale * (np.add.at of dout at idx).
    /// Only the rows in idx are touched; no V x H tensor is made. On CPU a SIMD row loop does it
    /// (<see cref="CpuRowKernels.TryAdd"/>); elsewhere scatter_add_ along rows, which does what index_add_ does and
    /// was faster than it (600k against 475k words/s in the fast path on CPU).
    /// </summary>
    public static void ApplySparse(Tensor w, Tensor idx, Tensor dout, double scale)
    {
        var rows = dout.reshape(-1, w.shape[1]);
        var ids = idx.reshape(-1);
        if (!CpuRowKernels.TryAdd(w, ids, rows, null, scale)) ScatterAdd(w, ids, rows, scale);
    }

    /// <summary>
    /// <see cref="ApplySparse(Tensor, Tensor, Tensor, double)"/> with dout given as products,
    /// dout[b, m] = coefficients[b, m] * vectors[b] for idx of shape B x M: on CPU never materialised.
    /// </summary>
    public static void ApplySparse(Tensor w, Tensor idx, Tensor coefficients, Tensor vectors, double scale)
    {
        var ids = idx.reshape(-1);
        if (!CpuRowKernels.TryAdd(w, ids, vectors, coefficients.reshape(-1), scale))
            ScatterAdd(w, ids, ProductRows(coefficients, vectors).reshape(-1, w.shape[1]), scale);
    }

    /// <summary>The rows coefficients[b, m] * vectors[b], materialised: B x M x H.</summary>
    public static Tensor ProductRows(Tensor coefficients, Tensor vectors) => coefficients.unsqueeze(-1) * vectors.unsqueeze(-2);

    /// <summary>W[ids[n]] += scale * rows[n] by libtorch, for tensors the CPU kernel cannot walk.</summary>
    private static void ScatterAdd(Tensor w, Tensor ids, Tensor rows, double scale)
    {
        using var alpha = scale.ToScalar(); // held until the call returns (see Backward)
        w.scatter_add_(0, ids.unsqueeze(1).expand(rows.shape[0], w.shape[1]), rows * alpha);
    }

    private sealed class LookupFunction : autograd.SingleTensorFunction<LookupFunction>
    {
        public override string Name => "NegSampling.Embedding";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var w = (Tensor)vars[0];
            var idx = (Tensor)vars[1];
            ctx.save_for_backward([idx]);
            ctx.save_data("shape", w.shape);
            return Lookup(w, idx);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor dout)
        {
            var idx = ctx.get_saved_variables()[0];
            return [Backward((long[])ctx.get_data("shape"), idx, dout), null!];
        }
    }
}

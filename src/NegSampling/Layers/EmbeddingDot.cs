using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Layers;

/// <summary>
/// The book's EmbeddingDot: forward(h, idx) = sum(W[idx] * h, last dim), batched. h is B x H; idx is B
/// (one score a row, as in the book) or B x S (S scores a row in one gather and one batched product).
/// Backward: dW through Embedding's rule with dout * h, and dh = dout * W[idx] (summed over S).
/// </summary>
internal sealed class EmbeddingDot : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding embed;

    /// <summary>A layer whose weight is a copy of <paramref name="initialWeight"/> (V x H).</summary>
    public EmbeddingDot(Tensor initialWeight, GradientMode mode = GradientMode.Manual) : base(nameof(EmbeddingDot))
    {
        embed = new Embedding(initialWeight, mode);
        RegisterComponents();
    }

    /// <summary>The V x H weight.</summary>
    public Parameter W => embed.W;

    /// <summary>Which backward <see cref="forward"/> records: the book's or libtorch's autograd.</summary>
    public GradientMode Mode { get => embed.Mode; set => embed.Mode = value; }

    /// <summary>The scores sum(W[idx] * h, last dim): B for idx of shape B, B x S for idx of shape B x S.</summary>
    public override Tensor forward(Tensor h, Tensor idx)
    {
        CheckShapes(h, idx);
        IndexGuard.Check(idx, W.shape[0], nameof(idx));
        if (Mode == GradientMode.Manual) return DotFunction.apply(W, h, idx);
        return Scores(Embedding.Lookup(W, idx), h, idx);
    }

    private void CheckShapes(Tensor h, Tensor idx)
    {
        if (h.dim() != 2 || h.shape[1] != W.shape[1])
            throw new ArgumentException($"h must be B x {W.shape[1]}; found shape {IndexGuard.Shape(h)}");
        if (idx.dim() is < 1 or > 2 || idx.shape[0] != h.shape[0])
            throw new ArgumentException(
                $"idx must be B or B x S with B = {h.shape[0]} (rows of h); " +
                $"found shape {IndexGuard.Shape(idx)} for h of shape {IndexGuard.Shape(h)}");
        if (h.dtype != W.dtype)
            throw new ArgumentException($"h must have the weight's dtype {W.dtype}; found {h.dtype}");
    }

    /// <summary>h viewed as B x 1 x H when idx is B x S, so one product serves all S scores.</summary>
    private static Tensor Broadcastable(Tensor h, Tensor idx) => idx.dim() == 2 ? h.unsqueeze(1) : h;

    /// <summary>The forward: sum(target_W * h, last dim), target_W = W[idx].</summary>
    public static Tensor Scores(Tensor targetW, Tensor h, Tensor idx) => (targetW * Broadcastable(h, idx)).sum(-1);

    /// <summary>The book's backward: dtarget_W = dout * h (for W, through Embedding's rule), dh = dout *
    /// target_W.</summary>
    public static (Tensor DTargetW, Tensor Dh) Gradients(Tensor dout, Tensor targetW, Tensor h, Tensor idx) =>
        (dout.unsqueeze(-1) * Broadcastable(h, idx), Dh(dout, targetW, idx));

    /// <summary>The backward's dh = dout * target_W, summed over the S scores of a row when idx is B x S.</summary>
    public static Tensor Dh(Tensor dout, Tensor targetW, Tensor idx) =>
        // With S scores a row: one batched product (B x 1 x S)(B x S x H).
        idx.dim() == 2 ? dout.unsqueeze(1).bmm(targetW).squeeze(1) : dout.unsqueeze(-1) * targetW;

    private sealed class DotFunction : autograd.SingleTensorFunction<DotFunction>
    {
        public override string Name => "NegSampling.EmbeddingDot";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var w = (Tensor)vars[0];
            var h = (Tensor)vars[1];
            var idx = (Tensor)vars[2];
            var targetW = Embedding.Lookup(w, idx);
            ctx.save_for_backward([h, idx, targetW]);
            ctx.save_data("shape", w.shape);
            return Scores(targetW, h, idx);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor dout)
        {
            var saved = ctx.get_saved_variables();
            var (h, idx, targetW) = (saved[0], saved[1], saved[2]);
            var (dTargetW, dh) = Gradients(dout, targetW, h, idx);
            return [Embedding.Backward((long[])ctx.get_data("shape"), idx, dTargetW), dh, null!];
        }
    }
}

using NegSampling.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Losses;

/// <summary>
/// The book's SigmoidWithLoss: binary cross-entropy on logits, summed over a row's scores and averaged over
/// the batch (the rows, dim 0), so a B x (K+1) score matrix gives the book's summed per-column losses.
/// Hand-written backward: dx = (sigmoid(x) - t) * dout / B.
/// </summary>
internal sealed class SigmoidWithLoss : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>A loss recording the given backward.</summary>
    public SigmoidWithLoss(GradientMode mode = GradientMode.Manual) : base(nameof(SigmoidWithLoss)) => Mode = mode;

    /// <summary>Which backward <see cref="forward"/> records: the book's or libtorch's autograd.</summary>
    public GradientMode Mode { get; set; }

    /// <summary>The batch-mean loss of the scores against 0/1 labels of the same shape.</summary>
    public override Tensor forward(Tensor scores, Tensor labels)
    {
        if (!scores.shape.SequenceEqual(labels.shape))
            throw new ArgumentException(
                $"scores {IndexGuard.Shape(scores)} and labels {IndexGuard.Shape(labels)} must have the same shape");
        if (scores.dim() == 0 || scores.shape[0] == 0)
            throw new ArgumentException($"scores must have at least one row; found shape {IndexGuard.Shape(scores)}");
        var t = labels.to_type(scores.dtype);
        return Mode == GradientMode.Manual
            ? LossFunction.apply(scores, t)
            : nn.functional.binary_cross_entropy_with_logits(scores, t, reduction: nn.Reduction.Sum) / scores.shape[0];
    }

    /// <summary>Numerically stable BCE on logits: max(x, 0) - x t + log(1 + exp(-|x|)).</summary>
    /// <remarks>
    /// Written without C# number operands, and with a held alpha for add: each implicit TorchSharp Scalar (the +
    /// operator passes one as alpha) may be finalised by the GC while the native call still reads it,
    /// which Hogwild workers (the fast path) make likely.
    /// </remarks>
    public static Tensor Elementwise(Tensor x, Tensor t)
    {
        using var one = 1.ToScalar();
        return (x.relu() - x * t).add(x.abs().neg().exp().log1p(), one);
    }

    /// <summary>The book's reduction: summed over a row's scores, averaged over the rows.</summary>
    public static Tensor BatchMean(Tensor x, Tensor t) =>
        x.dim() == 1 ? Elementwise(x, t).mean() : Elementwise(x, t).flatten(1).sum(1).mean();

    /// <summary>d(BCE)/dx for each score: sigmoid(x) - t (before the 1/B of the batch mean).</summary>
    public static Tensor Gradient(Tensor x, Tensor t) => x.sigmoid() - t;

    private sealed class LossFunction : autograd.SingleTensorFunction<LossFunction>
    {
        public override string Name => "NegSampling.SigmoidWithLoss";

        public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
        {
            var x = (Tensor)vars[0];
            var t = (Tensor)vars[1];
            ctx.save_for_backward([x, t]);
            return BatchMean(x, t);
        }

        public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor dout)
        {
            var saved = ctx.get_saved_variables();
            var (x, t) = (saved[0], saved[1]);
            using var rows = ((double)x.shape[0]).ToScalar();
            return [Gradient(x, t) * dout.div(rows), null!];
        }
    }
}

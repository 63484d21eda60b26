using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Layers;

/// <summary>
/// The book's Embedding layer: forward(idx) = W[idx] for idx of any shape. The backward is the book's:
/// dW = zeros, then np.add.at(dW, idx, dout), so repeated ids accumulate instead of overwriting.
/// </summary>
internal sealed class Embedding : nn.Module<Tensor, Tensor>
{
    private readonly Parameter weight;

    /// <summary>A layer whose weight is a copy of <paramref name="initialWeight"/> (V x H).</summary>
    public Embedding(Tensor initialWeight, GradientMode mode = GradientMode.Manual) : base(nameof(Embedding))
    {
        if (initialWeight.dim() != 2)
            throw new ArgumentException(
                $"an embedding weight must be V x H; found shape " +
                $"{IndexGuard.Shape(initialWeight)}", nameof(initialWeight));
        weight = new Parameter(initialWeight.detach().clone());
        Mode = mode;
        RegisterComponents();
    }

    /// <summary>The V x H weight.</summary>
    public Parameter W => weight;

    /// <summary>Which backward <see cref="forward"/> records: the book's or libtorch's autograd.</summary>
    public GradientMode Mode { get; set; }

    /// <summary>W[idx]; idx holds word ids (Int64 or Int32) of any shape.</summary>
    public override Tensor forward(Tensor idx)
    {
        IndexGuard.Check(idx, weight.shape[0], nameof(idx));
        return Mode == GradientMode.Manual ? LookupFunction.apply(weight, idx) : Lookup(weight, idx);
    }

    /// <summary>W[idx] with idx of any shape (index_select: a flat gather, then the shape back).</summary>
    public static Tensor Lookup(Tensor w, Tensor idx) =>
        w.index_select(0, IndexGuard.AsInt64(idx).reshape(-1)).reshape([.. idx.shape, w.shape[1]]);

    /// <summary>The book's backward: dW = zeros_like(W); np.add.at(dW, idx, dout).</summary>
    public static Tensor Backward(long[] weightShape, Tensor idx, Tensor dout)
    {
        var dW = zeros(weightShape, dout.dtype, dout.device);
        using var one = 1.ToScalar(); // held: an implicit Scalar may be finalised while the native call reads it
        return dW.index_add_(0, IndexGuard.AsInt64(idx).reshape(-1), dout.reshape(-1, weightShape[1]), one);
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

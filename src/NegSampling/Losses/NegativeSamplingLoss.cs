using NegSampling.Layers;
using NegSampling.Sampling;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Losses;

/// <summary>
/// The book's NegativeSamplingLoss, batched: for each row one positive target and K negatives are scored in
/// one EmbeddingDot call (B x (K+1)), and loss = mean over rows of -log sigmoid(s+) - sum log sigmoid(-s-).
/// </summary>
internal sealed class NegativeSamplingLoss : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly EmbeddingDot embedDot;
    private readonly SigmoidWithLoss loss;

    /// <summary>A loss whose W_out is a copy of <paramref name="initialOutputWeight"/>, drawing from <paramref
    /// name="negatives"/>.</summary>
    public NegativeSamplingLoss(Tensor initialOutputWeight, INegativeSource negatives,
        GradientMode mode = GradientMode.Manual)
        : base(nameof(NegativeSamplingLoss))
    {
        embedDot = new EmbeddingDot(initialOutputWeight, mode);
        loss = new SigmoidWithLoss(mode);
        Negatives = negatives;
        RegisterComponents();
    }

    /// <summary>W_out, the output-side word vectors.</summary>
    public Parameter W => embedDot.W;

    /// <summary>Where <see cref="forward(Tensor, Tensor)"/> takes its negatives from.</summary>
    public INegativeSource Negatives { get; set; }

    /// <summary>Which backward the layers record: the book's or libtorch's autograd.</summary>
    public GradientMode Mode
    {
        get => embedDot.Mode;
        set { embedDot.Mode = value; loss.Mode = value; }
    }

    /// <summary>Loss for hidden vectors h (B x H) and targets (B), with negatives drawn from <see
    /// cref="Negatives"/>.</summary>
    public override Tensor forward(Tensor h, Tensor target) => forward(h, target, Negatives.Sample(target));

    /// <summary>Loss with the negatives given (B x K).</summary>
    public Tensor forward(Tensor h, Tensor target, Tensor negatives)
    {
        var idx = Candidates(target, negatives);
        var scores = embedDot.call(h, idx);
        // The book's correct_label (ones) for the positive column, negative_label (zeros) for the rest.
        var labels = cat([ones_like(scores.narrow(1, 0, 1)), zeros_like(scores.narrow(1, 1, scores.shape[1] - 1))], 1);
        return loss.call(scores, labels);
    }

    /// <summary>Each row's positive target followed by its K negatives: B x (K+1).</summary>
    internal static Tensor Candidates(Tensor target, Tensor negatives)
    {
        if (target.dim() != 1 || negatives.dim() != 2 || negatives.shape[0] != target.shape[0])
            throw new ArgumentException(
                $"target must be B and negatives B x K; found target {IndexGuard.Shape(target)} " +
                $"and negatives {IndexGuard.Shape(negatives)}");
        return cat([target.unsqueeze(1).to_type(negatives.dtype), negatives], 1);
    }
}

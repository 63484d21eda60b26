using NegSampling.Layers;
using NegSampling.Losses;
using NegSampling.Sampling;
using TorchSharp;
using TorchSharp.Modules;
using Embedding = NegSampling.Layers.Embedding;
using static TorchSharp.torch;

namespace NegSampling.Models;

/// <summary>
/// What CBOW and skip-gram share: W_in behind an Embedding, W_out behind the NegativeSamplingLoss, and
/// forward(contexts B x 2W, target B) = the book's loss for the batch.
/// </summary>
public abstract class Word2VecModel : nn.Module<Tensor, Tensor, Tensor>
{
    protected readonly Embedding inLayer;
    protected readonly NegativeSamplingLoss nsLoss;

    protected Word2VecModel(string name, Tensor initialIn, Tensor initialOut, INegativeSource negatives, GradientMode mode) : base(name)
    {
        if (!initialIn.shape.SequenceEqual(initialOut.shape))
            throw new ArgumentException($"W_in {IndexGuard.Shape(initialIn)} and W_out {IndexGuard.Shape(initialOut)} must have the same shape");
        inLayer = new Embedding(initialIn, mode);
        nsLoss = new NegativeSamplingLoss(initialOut, negatives, mode);
    }

    public abstract ModelKind Kind { get; }

    /// <summary>W_in: the word vectors the book keeps.</summary>
    public Parameter WIn => inLayer.W;

    /// <summary>W_out: the output-side vectors of the negative-sampling loss.</summary>
    public Parameter WOut => nsLoss.W;

    public long VocabularySize => WIn.shape[0];
    public long HiddenSize => WIn.shape[1];

    public INegativeSource Negatives { get => nsLoss.Negatives; set => nsLoss.Negatives = value; }

    public GradientMode Mode
    {
        get => inLayer.Mode;
        set { inLayer.Mode = value; nsLoss.Mode = value; }
    }

    /// <summary>The book's initialisation: 0.01 * randn(V, H) for each of W_in and W_out.</summary>
    public static (Tensor In, Tensor Out) BookInitialisation(long vocabularySize, long hiddenSize, Generator generator, ScalarType dtype = ScalarType.Float32)
    {
        var wIn = randn([vocabularySize, hiddenSize], ScalarType.Float64, generator: generator).mul_(0.01).to_type(dtype);
        var wOut = randn([vocabularySize, hiddenSize], ScalarType.Float64, generator: generator).mul_(0.01).to_type(dtype);
        return (wIn, wOut);
    }

    public static Word2VecModel Create(ModelKind kind, Tensor initialIn, Tensor initialOut, INegativeSource negatives, GradientMode mode = GradientMode.Manual) =>
        kind == ModelKind.Cbow ? new Cbow(initialIn, initialOut, negatives, mode) : new SkipGram(initialIn, initialOut, negatives, mode);

    /// <summary>
    /// The fast path's step: no autograd and no dense V x H tensor. It computes the same loss as forward
    /// with the layers' own math (see NegativeSamplingLoss.SparseStep) and hands the gradient rows of the
    /// ids used to <paramref name="update"/>: <see cref="SparseSgd"/> (word2vec's alpha, per sample, so
    /// equal to an SGD step of forward's batch-mean loss at rate alpha * B) or a lazy Adam.
    /// <paramref name="mask"/> (B x 2W, 1 or 0) drops context slots outside a shrunk window or the corpus;
    /// null keeps all. Negatives come from <paramref name="negatives"/> (a worker's own sampler) or
    /// <see cref="Negatives"/>. Every row needs at least one context in use. Returns the loss. Safe to run
    /// from several threads on the same weights.
    /// </summary>
    public double SparseStep(Tensor contexts, Tensor? mask, Tensor target, ISparseUpdate update, INegativeSource? negatives = null)
    {
        CheckBatch(contexts, target);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        return SparseStepCore(contexts, mask ?? ones(contexts.shape, WIn.dtype, WIn.device), target, update, negatives ?? Negatives);
    }

    /// <summary>The model's sparse step; the mask is given (1 = in use). Uses no C# number operands (see SigmoidWithLoss).</summary>
    protected abstract double SparseStepCore(Tensor contexts, Tensor mask, Tensor target, ISparseUpdate update, INegativeSource negatives);

    protected static void CheckBatch(Tensor contexts, Tensor target)
    {
        if (contexts.dim() != 2 || target.dim() != 1 || contexts.shape[0] != target.shape[0])
            throw new ArgumentException($"contexts must be B x 2W and target B; found contexts {IndexGuard.Shape(contexts)} and target {IndexGuard.Shape(target)}");
    }
}

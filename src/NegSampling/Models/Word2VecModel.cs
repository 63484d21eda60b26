using NegSampling.Layers;
using NegSampling.Losses;
using NegSampling.Sampling;
using TorchSharp.Modules;
using static TorchSharp.torch;
using Embedding = NegSampling.Layers.Embedding;

namespace NegSampling.Models;

/// <summary>
/// What CBOW and skip-gram share: W_in behind an Embedding, W_out behind the NegativeSamplingLoss, and
/// forward(contexts B x 2W, target B) = the book's loss for the batch.
/// </summary>
internal abstract class Word2VecModel : nn.Module<Tensor, Tensor, Tensor>
{
    /// <summary>The Embedding layer holding W_in.</summary>
    protected readonly Embedding inLayer;

    /// <summary>The negative-sampling loss holding W_out.</summary>
    protected readonly NegativeSamplingLoss nsLoss;

    /// <summary>Copies the initial weights (both V x H) into the layers.</summary>
    protected Word2VecModel(string name, Tensor initialIn, Tensor initialOut, INegativeSource negatives,
        GradientMode mode)
        : base(name)
    {
        if (!initialIn.shape.SequenceEqual(initialOut.shape))
            throw new ArgumentException(
                $"W_in {IndexGuard.Shape(initialIn)} and W_out {IndexGuard.Shape(initialOut)} must have the same " +
                $"shape");
        inLayer = new Embedding(initialIn, mode);
        nsLoss = new NegativeSamplingLoss(initialOut, negatives, mode);
    }

    /// <summary>W_in: the word vectors the book keeps.</summary>
    public Parameter WIn => inLayer.W;

    /// <summary>W_out: the output-side vectors of the negative-sampling loss.</summary>
    public Parameter WOut => nsLoss.W;

    /// <summary>H, the width of a word vector.</summary>
    public long HiddenSize => WIn.shape[1];

    /// <summary>Where forward takes its negatives from.</summary>
    public INegativeSource Negatives { get => nsLoss.Negatives; set => nsLoss.Negatives = value; }

    /// <summary>Which backward the layers record: the book's or libtorch's autograd.</summary>
    public GradientMode Mode
    {
        get => inLayer.Mode;
        set { inLayer.Mode = value; nsLoss.Mode = value; }
    }

    /// <summary>
    /// Sets W_in, then W_out, to the book's initialisation, 0.01 * randn(V, H), drawn in float64 from the
    /// generator a block of rows at a time (so a large vocabulary needs no V x H float64 temporary).
    /// </summary>
    public void InitialiseAsTheBook(Generator generator)
    {
        const long rowsPerBlock = 4096;
        using var _ = no_grad();
        foreach (var w in new[] { WIn, WOut })
        {
            for (long row = 0; row < w.shape[0]; row += rowsPerBlock)
            {
                using var scope = NewDisposeScope();
                var rows = Math.Min(rowsPerBlock, w.shape[0] - row);
                var values = randn([rows, w.shape[1]], ScalarType.Float64, generator: generator);
                w.narrow(0, row, rows).copy_(values.mul_(0.01));
            }
        }
    }

    /// <summary>
    /// A CBOW or skip-gram model of V words and H dimensions on a device, its weights not yet set (see
    /// <see cref="InitialiseAsTheBook"/>): no memory is touched for weights that are about to be drawn.
    /// </summary>
    public static Word2VecModel Create(ModelKind kind, long vocabularySize, long hiddenSize, Device device,
        INegativeSource negatives, GradientMode mode = GradientMode.Manual)
    {
        // Uninitialised memory that is only read by the layers' copies is never made resident.
        using var blankIn = empty([vocabularySize, hiddenSize], ScalarType.Float32, device);
        using var blankOut = empty([vocabularySize, hiddenSize], ScalarType.Float32, device);
        return Create(kind, blankIn, blankOut, negatives, mode);
    }

    /// <summary>A CBOW or skip-gram model with copies of the initial weights.</summary>
    public static Word2VecModel Create(ModelKind kind, Tensor initialIn, Tensor initialOut, INegativeSource negatives,
        GradientMode mode = GradientMode.Manual) =>
        kind == ModelKind.Cbow
            ? new Cbow(initialIn, initialOut, negatives, mode)
            : new SkipGram(initialIn, initialOut, negatives, mode);

    /// <summary>Throws unless contexts is B x 2W and target B.</summary>
    internal static void CheckBatch(Tensor contexts, Tensor target)
    {
        if (contexts.dim() != 2 || target.dim() != 1 || contexts.shape[0] != target.shape[0])
            throw new ArgumentException(
                $"contexts must be B x 2W and target B; found contexts {IndexGuard.Shape(contexts)} " +
                $"and target {IndexGuard.Shape(target)}");
    }
}

using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Runtime;
using NegSampling.Training;
using static TorchSharp.torch;

namespace NegSampling;

/// <summary>
/// Word2vec in a few calls, as gensim's Word2Vec: train from sentences or a corpus path with a config (a preset
/// such as <see cref="TrainingConfig.FastCbow"/>, its options changed as needed), then query
/// <see cref="Vectors"/> (gensim's model.wv) and save the model in any format. Nothing is written to disk
/// unless the config names an outputDir (checkpoints) or a corpusCache.
/// </summary>
/// <example>
/// <code>
/// var options = TrainingConfig.FastCbow();
/// options.Epochs = 10;
/// using var model = Word2Vec.Train(sentences, options);
/// foreach (var n in model.Vectors.MostSimilar("king")) Console.WriteLine($"{n.Word} {n.Similarity:0.00}");
/// model.Save("vectors.txt", VectorFormat.Word2Vec);
/// </code>
/// </example>
public sealed class Word2Vec : IDisposable
{
    private readonly Tensor wOut;
    private bool disposed;

    /// <summary>Takes both of <paramref name="weights"/>' tensors: W_in becomes <see cref="Vectors"/> (as float32,
    /// with no copy when it is one), W_out stays as it is.</summary>
    private Word2Vec(ModelWeights weights, bool completed)
    {
        try
        {
            Vectors = WordVectors.Taking(weights.Words, weights.WIn, null, weights.ExportRows, weights.Counts);
        }
        catch
        {
            weights.Dispose();
            throw;
        }
        wOut = weights.WOut.DetachFromDisposeScope();
        Completed = completed;
    }

    /// <summary>
    /// False when the cancellation token stopped <see cref="Train(IEnumerable{IReadOnlyList{string}},
    /// TrainingConfig?, IProgress{TrainingProgress}?, CancellationToken)"/> before every epoch was trained: the
    /// weights are then those of the steps taken (no exception is thrown, so that they are not lost). True for a
    /// finished training and for a loaded model; for <see cref="FromRun"/>, whether the run had trained every epoch.
    /// </summary>
    public bool Completed { get; }

    /// <summary>The trained word vectors (W_in), with most_similar, analogy and the benchmark scores.</summary>
    public WordVectors Vectors { get; }

    /// <summary>W_out (V x H, rows in <see cref="WordVectors.Words"/>' order, of the dtype it was trained or loaded
    /// in): the negative-sampling loss's output vectors, gensim's syn1neg; W_in is <see cref="Vectors"/>. The model's
    /// own tensor: the model disposes it.</summary>
    public Tensor WOut => disposed ? throw new ObjectDisposedException(nameof(Word2Vec)) : wOut;

    /// <summary>W_in's name in the PyTorch formats' state_dict (the reference module's w_in embedding).</summary>
    public const string WInName = ModelWeights.WInName;

    /// <summary>W_out's name in the PyTorch formats' state_dict.</summary>
    public const string WOutName = ModelWeights.WOutName;

    /// <summary>
    /// Trains on sentences held in memory (each a list of words; an end-of-sentence word follows each unless
    /// appendEos is false). <paramref name="options"/> defaults to <see cref="TrainingConfig.FastCbow"/>; it is
    /// validated before anything starts. libtorch's thread count, a setting of the whole process, is set to the
    /// config's threads. <paramref name="progress"/> hears where the run stands at its start, after each step and
    /// after each checkpoint (<see cref="TrainingProgress.IsStep"/> tells the steps apart).
    /// </summary>
    public static Word2Vec Train(IEnumerable<IReadOnlyList<string>> sentences, TrainingConfig? options = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        using var run = TrainingRun.Start(sentences, options ?? TrainingConfig.FastCbow());
        return Trained(run, progress, cancel);
    }

    /// <summary>
    /// Trains on a corpus path: a text file (plain, gzip, bzip2, or a zip of one text file) or a directory of them;
    /// a known name (ptb) is looked up, and fetched when missing, in the data directory (the rule of
    /// <see cref="TrainingRun.Start(TrainingConfig, string?, string?, bool, bool)"/>). Otherwise as
    /// <see cref="Train(IEnumerable{IReadOnlyList{string}}, TrainingConfig?, IProgress{TrainingProgress}?,
    /// CancellationToken)"/>.
    /// </summary>
    public static Word2Vec Train(string corpus, TrainingConfig? options = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default) =>
        OnCorpus(corpus, options, null, progress, cancel);

    /// <summary>
    /// Trains a model further on a corpus path with its vocabulary grown by the corpus's new words, as gensim's
    /// build_vocab(update=True) then train: <paramref name="model"/> is the model's checkpoint or run directory (they
    /// hold its words' counts). Its words keep their ids and vectors until training moves them; the corpus's words
    /// new to it, when the corpus has them at least minCount times, follow with the book's initial rows; the
    /// sampler draws by the merged counts; the learning rate starts from <paramref name="options"/>' (whose
    /// hiddenSize must be the model's). Otherwise as <see cref="Train(string, TrainingConfig?,
    /// IProgress{TrainingProgress}?, CancellationToken)"/>.
    /// </summary>
    public static Word2Vec Grow(string model, string corpus, TrainingConfig? options = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default) =>
        OnCorpus(corpus, options, model, progress, cancel);

    /// <summary>A run of <paramref name="options"/> (the fastCbow preset when null) on a corpus path, growing
    /// <paramref name="grown"/>'s vocabulary when given.</summary>
    private static Word2Vec OnCorpus(string corpus, TrainingConfig? options, string? grown,
        IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        var config = (options ?? TrainingConfig.FastCbow()).Clone();
        config.Corpus = corpus;
        using var run = TrainingRun.Start(config, initFrom: grown, growVocabulary: grown is not null);
        return Trained(run, progress, cancel);
    }

    /// <summary>
    /// Checks, before the first tensor, that TorchSharp's native library can load (TorchSharp 0.107's needs libstdc++'s
    /// GLIBCXX_3.4.32, GCC 13's), throwing a <see cref="DllNotFoundException"/> of one line that says so when it
    /// cannot, and keeps freed memory in glibc for training's speed. Every call of this package that makes the first
    /// tensors does it; an application that makes tensors with TorchSharp first calls it then.
    /// </summary>
    public static void PrepareRuntime() => NativeRuntime.Prepare();

    /// <summary>A model from a file that holds both weights: a checkpoint or run directory, a .pt state_dict,
    /// safetensors.</summary>
    public static Word2Vec Load(string path)
    {
        NativeRuntime.Prepare();
        return new Word2Vec(ModelWeights.Load(path), completed: true);
    }

    /// <summary>
    /// Writes the model: W_in as word2vec text or binary, the book's float16 .npy or the native file, by falling corpus
    /// count unless the run asked for the book's order (vocabOrder firstOccurrence), or both weights as a PyTorch
    /// state_dict or safetensors in id order (gensim's save_word2vec_format and torch.save, in one call).
    /// </summary>
    public void Save(string path, VectorFormat format)
    {
        ModelWeights.SaveViews(Vectors.Words, Vectors.Vectors, WOut, Vectors.ExportRows, Vectors.Counts, path,
            format);
    }

    /// <summary>Frees the weights and the vectors.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        Vectors.Dispose();
        wOut.Dispose();
    }

    /// <summary>A copy of a run's weights as they stand, as a model (<see cref="Completed"/> when the run has
    /// trained every epoch); the run goes on being the caller's.</summary>
    public static Word2Vec FromRun(TrainingRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new(run.Weights(), run.Finished);
    }

    private static Word2Vec Trained(TrainingRun run, IProgress<TrainingProgress>? progress, CancellationToken cancel)
    {
        run.Run(progress, cancel);
        return FromRun(run);
    }
}

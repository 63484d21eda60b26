using System.Diagnostics;
using NegSampling.Data;
using NegSampling.Distributed;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Runtime;

namespace NegSampling.Training;

/// <summary>
/// A training run, set up in one call: the native runtime checked, the config validated (a copy: later changes to
/// the caller's object do not reach the run), libtorch's threads set to the config's, the data directory resolved,
/// the corpus read (a known name fetched when missing; the id cache used when configured) and the model built from
/// the book's initialisation, from given weights, or from a checkpoint. <see cref="Run"/> trains it;
/// <see cref="Save"/>, <see cref="Vectors"/> and <see cref="Word2Vec.FromRun"/> take the result. The CLI, the
/// benchmark and <see cref="Word2Vec"/> all start here.
/// Started by mpirun as one of several processes (ranks), every rank starts and runs its TrainingRun at once, and
/// they train one model together (fast mode): see <see cref="Rank"/>. An error on a rank is printed there in one
/// line and ends the whole job (MPI_Abort), so that no rank waits for it.
/// </summary>
public sealed class TrainingRun : IDisposable
{
    private readonly TrainingData data;
    private readonly Trainer trainer;
    private readonly RankGroup? ranks;
    private LockFile? runLock;

    /// <summary>Takes the lock of <paramref name="outputDir"/> when the directory exists already (a run that fails
    /// to start creates none; <see cref="Run"/> takes it otherwise), then loads the data and builds the trainer; on a
    /// failure the lock and the data are let go.</summary>
    private TrainingRun(string? outputDir, RankGroup? ranks, Func<TrainingData> load, Func<TrainingData, Trainer> build)
    {
        this.ranks = ranks;
        // Rank 0 alone writes the run's files, so it alone holds the lock.
        runLock = Rank == 0 && System.IO.Directory.Exists(outputDir) ? RunDirectory.Lock(outputDir) : null;
        TrainingData? loaded = null;
        try
        {
            var started = Stopwatch.GetTimestamp();
            loaded = load();
            LoadTime = Stopwatch.GetElapsedTime(started);
            trainer = build(loaded);
            data = loaded;
        }
        catch
        {
            loaded?.Dispose();
            runLock?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A new run of <paramref name="config"/> on its corpus. <paramref name="dataDirectory"/> is where named corpora
    /// are looked up (null: $NEGSAMPLING_DATA, else data/ in the repository that holds the program, else data/ in the
    /// current directory). <paramref name="initFrom"/>: a PyTorch state_dict or safetensors file (or checkpoint)
    /// whose vocabulary is the corpus's, to start from instead of the book's initialisation. With
    /// <paramref name="overwrite"/> another run's files in outputDir are replaced instead of refused. The run holds
    /// outputDir's lock until disposed, from here when the directory exists (else from <see cref="Run"/>): while
    /// another process trains there, this throws <see cref="RunDirectoryInUseException"/> before the corpus is read,
    /// with or without overwrite.
    /// With <paramref name="growVocabulary"/>, <paramref name="initFrom"/> is a checkpoint or run directory (it holds
    /// the words' counts) whose vocabulary the run grows by the corpus's new words, as gensim's
    /// build_vocab(update=True): the model's words keep their ids and rows, the words new to it that the corpus
    /// holds at least minCount times follow, in vocabOrder among themselves (at most maxVocab words in all), with
    /// the book's initial rows, and the sampler draws by the model's counts plus the corpus's. The optimizer and
    /// the learning rate start afresh from the config. Its checkpoints resume as any run's.
    /// </summary>
    public static TrainingRun Start(TrainingConfig config, string? dataDirectory = null, string? initFrom = null,
        bool overwrite = false, bool growVocabulary = false)
    {
        if (growVocabulary && initFrom is null)
            throw new ArgumentException("growing the vocabulary needs the model to grow (initFrom)", nameof(initFrom));
        var ranks = RankGroup.Current;
        return AsRank(ranks, () =>
        {
            config = Prepared(config);
            var growth = growVocabulary ? VocabularyGrowth.Source(initFrom!) : default;
            using var grownFrom = growth.Weights;
            return new TrainingRun(config.OutputDir, ranks,
                () => growVocabulary
                    ? VocabularyGrowth.Grown(config, growth.Vocabulary, c => Load(c, dataDirectory, ranks))
                    : Load(config, dataDirectory, ranks),
                d =>
                {
                    using var initial = initFrom is null || growVocabulary ? null : ModelWeights.Load(initFrom);
                    return new Trainer(config, d, overwrite: overwrite, initialWeights: initial ?? grownFrom,
                        ranks: ranks);
                });
        });
    }

    /// <summary>
    /// A new run on sentences held in memory (each a list of words), read as the config reads a file: an
    /// end-of-sentence word after each (appendEos), at most maxTokens tokens, the vocabulary by minCount, maxVocab
    /// and vocabOrder. The config's corpus key is not used.
    /// </summary>
    public static TrainingRun Start(IEnumerable<IReadOnlyList<string>> sentences, TrainingConfig config)
    {
        var ranks = RankGroup.Current;
        return AsRank(ranks, () =>
        {
            config = Prepared(config);
            return new TrainingRun(config.OutputDir, ranks, () => TrainingData.FromSentences(sentences, config),
                d => new Trainer(config, d, ranks: ranks));
        });
    }

    /// <summary>
    /// Continues the run of a checkpoint file, or of the newest checkpoint in a run directory, with its config;
    /// <paramref name="overrides"/> ("key=value") may change only what alters how far and how visibly it runs
    /// (epochs, logging, checkpoints, device, threads, workers, outputDir, corpusCache). Otherwise as
    /// <see cref="Start(TrainingConfig, string?, string?, bool, bool)"/>.
    /// </summary>
    public static TrainingRun Resume(string checkpoint, IEnumerable<string>? overrides = null,
        string? dataDirectory = null, bool overwrite = false)
    {
        var ranks = RankGroup.Current;
        return AsRank(ranks, () =>
        {
            NativeRuntime.Prepare();
            var saved = Checkpoint.Load(Checkpoint.Resolve(checkpoint));
            try
            {
                var config = Prepared(TrainingConfig.ForResume(saved.Config, overrides ?? []));
                return new TrainingRun(config.OutputDir, ranks,
                    () => saved.GrownFrom is null
                        ? Load(config, dataDirectory, ranks)
                        : VocabularyGrowth.Resumed(config, saved, c => Load(c, dataDirectory, ranks)),
                    d => new Trainer(config, d, saved, overwrite, ranks: ranks));
            }
            finally { saved.Dispose(); }
        });
    }

    /// <summary>This process's rank, 0 to <see cref="Ranks"/> - 1, when mpirun started it as one of several (0 for a
    /// process alone). Rank 0 alone writes the run's files (checkpoints, loss.csv) and reports progress; every rank
    /// ends with the same weights.</summary>
    public int Rank => ranks?.Rank ?? 0;

    /// <summary>The processes training this model together (mpirun's -np; 1 for a process alone).</summary>
    public int Ranks => ranks?.Size ?? 1;

    /// <summary>The ranks' weight syncs this process took part in (0 for a process alone).</summary>
    public long SyncCount => trainer.Averaging?.Syncs ?? 0;

    /// <summary>Bytes this rank sent over its syncs (the rows synced, W_in and W_out).</summary>
    public long SyncBytes => trainer.Averaging?.BytesSent ?? 0;

    /// <summary>Time this rank spent in its syncs (waiting for the others included).</summary>
    public TimeSpan SyncTime => trainer.Averaging?.Time ?? TimeSpan.Zero;

    /// <summary>The run's config.</summary>
    public TrainingConfig Config => trainer.Config;

    /// <summary>True when the corpus's ids were mapped from the id cache instead of read.</summary>
    public bool CorpusFromCache => data.FromCache;

    /// <summary>How long reading the corpus (or mapping it from the id cache) took.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Words in the vocabulary.</summary>
    public int VocabularySize => data.Vocabulary.Count;

    /// <summary>With a grown vocabulary, the initial model's words (the first of <see cref="VocabularySize"/>; the
    /// rest are the corpus's new words); null otherwise.</summary>
    public int? GrownFrom => data.GrownFrom;

    /// <summary>Tokens in the corpus (one epoch).</summary>
    public long CorpusTokens => data.Ids.Length;

    /// <summary>Steps in an epoch; null when subsampling sets them (the fast mode's progress counts tokens
    /// then).</summary>
    public long? StepsPerEpoch => trainer.StepsPerEpoch;

    /// <summary>The device the model trains on, as libtorch names it (cpu, cuda:0).</summary>
    public string Device => trainer.Device.ToString();

    /// <summary>Steps taken so far, over all epochs (a resumed run's included).</summary>
    public long Step => trainer.Step;

    /// <summary>True when every configured epoch is done (a resumed finished run has nothing to do).</summary>
    public bool Finished => trainer.Finished;

    /// <summary>Where checkpoints, loss.csv and the loss log go; null when the run writes no file.</summary>
    public string? OutputDir => trainer.OutputDir;

    /// <summary>The loss log so far.</summary>
    public IReadOnlyList<LossRecord> History => trainer.History;

    /// <summary>
    /// Trains until the configured epochs are done, or, when <paramref name="cancel"/> fires, until the next point
    /// where a checkpoint can be written (a step, or a chunk in the fast mode), which it writes (with an outputDir).
    /// <paramref name="progress"/> hears where the run stands at the start, after each step (from the worker that
    /// took it; reports are serialised) and after each checkpoint (<see cref="TrainingProgress"/>).
    /// Throws <see cref="RunDirectoryInUseException"/> when outputDir holds another run's files, or another process
    /// trains there.
    /// </summary>
    public void Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default) =>
        AsRank(ranks, () =>
        {
            if (OutputDir is { } output) runLock ??= RunDirectory.Lock(output);
            trainer.Run(Rank == 0 ? progress : null, cancel);
            return 0;
        });

    /// <summary>A copy of both weights with the vocabulary, as they stand (the caller disposes it).</summary>
    internal ModelWeights Weights() => new(data.Vocabulary.Words, trainer.Model.WIn.detach().clone(),
        trainer.Model.WOut.detach().clone())
    { ExportRows = ExportRows, Counts = data.Vocabulary.Counts };

    /// <summary>Writes the weights as they stand in an export format (W_in by falling corpus count unless the config
    /// asked for the book's order, or both in id order for the PyTorch formats), from the model's own memory: no copy
    /// of the matrices is made.</summary>
    public void Save(string path, VectorFormat format)
    {
        ModelWeights.SaveViews(data.Vocabulary.Words, trainer.Model.WIn, trainer.Model.WOut, ExportRows,
            data.Vocabulary.Counts, path, format);
    }

    /// <summary>A copy of the word vectors (W_in) as they stand, for queries and scores.</summary>
    public WordVectors Vectors() => new(data.Vocabulary.Words, trainer.Model.WIn.detach())
    { ExportRows = ExportRows, Counts = data.Vocabulary.Counts };

    /// <summary>The rows in the order the vector exports write them: by the corpus counts, unless the config asked
    /// for the book's order.</summary>
    private int[]? ExportRows => VectorFile.ExportRows(data.Vocabulary.Counts, Config.VocabOrder);

    /// <summary>Frees the model, the optimizer and the corpus, and lets go of outputDir's lock.</summary>
    public void Dispose()
    {
        trainer.Dispose();
        data.Dispose();
        runLock?.Dispose();
    }

    /// <summary>The config's corpus under the data directory. Ranks read it in turn, the first on each machine first,
    /// so that the others map the id cache it wrote instead of writing it at once.</summary>
    private static TrainingData Load(TrainingConfig config, string? dataDirectory, RankGroup? ranks) =>
        (ranks ?? RankGroup.Single).FirstOnEachMachine(() =>
            TrainingData.Load(config, DataFile.DataDirectory(dataDirectory)));

    /// <summary>Runs <paramref name="action"/>, as a rank when there are ranks: an error then ends the job.</summary>
    private static T AsRank<T>(RankGroup? ranks, Func<T> action) =>
        ranks is null ? action() : ranks.EndJobOnError(action);

    /// <summary>The set-up every run shares: the runtime, a validated copy of the config, libtorch's threads.</summary>
    private static TrainingConfig Prepared(TrainingConfig config)
    {
        NativeRuntime.Prepare();
        var copy = config.Clone();
        copy.Validate();
        TorchThreads.Use(copy.EffectiveThreads);
        return copy;
    }
}

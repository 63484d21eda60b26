using System.Security.Cryptography;
using NegSampling.Distributed;
using NegSampling.Formats;
using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Training.Optimizers;
using static TorchSharp.torch;

namespace NegSampling.Training;

/// <summary>
/// Drives a run, as gensim's train drives _train_epoch: builds the model, the sampler and the optimizer for a config
/// on a corpus (from the book's initialisation, from given weights, or from a checkpoint), hands the epochs to a
/// strategy — the book's shuffled batches (<see cref="FaithfulEpochs"/>) or word2vec's streamed Hogwild chunks
/// (<see cref="HogwildEpochs"/>) — and writes a checkpoint each time the strategy returns: at an epoch's end, and
/// at a pause (checkpointInterval steps passed, or a cancel). The run's counters are one <see cref="RunState"/>,
/// which goes to and from the checkpoints, so a resumed run continues bit for bit on CPU (one worker in the fast
/// mode).
/// On several processes (mpirun's ranks) the weight sync is where <see cref="HogwildEpochs"/> ends a chunk round,
/// when every worker of the process has stopped at a chunk boundary (where checkpoints are written too). The step a
/// <see cref="HogwildWorker"/> runs for each batch is chosen in Fast/FastStep: the fused CPU kernels, the libtorch
/// route, or the batched device step (config step).
/// </summary>
internal sealed class Trainer : IDisposable
{
    private readonly TrainingConfig config;
    private readonly EpochStrategy epochs;
    private readonly RunDirectory? directory;
    private readonly RunState state;
    private readonly TimeProvider time;
    private readonly RankGroup? ranks;
    private readonly WeightAveraging? averaging;

    /// <summary>
    /// Builds the model and optimizer for <paramref name="config"/> (validated here) on <paramref name="data"/>,
    /// from the book's initialisation, from <paramref name="initialWeights"/> (whose vocabulary must be the
    /// corpus's) or from <paramref name="resume"/>. With <paramref name="overwrite"/> another run's files in the
    /// output directory are replaced instead of refused. <paramref name="time"/> times the progress reports (the
    /// system's clock by default). libtorch's thread count is the caller's to set. With <paramref name="ranks"/>
    /// this process is one rank of a run on several (every rank builds its Trainer at once): its vocabulary is
    /// checked against rank 0's, and rank 0 alone has the output directory.
    /// </summary>
    public Trainer(TrainingConfig config, TrainingData data, Checkpoint? resume = null, bool overwrite = false,
        ModelWeights? initialWeights = null, TimeProvider? time = null, RankGroup? ranks = null)
    {
        if (resume is not null && initialWeights is not null)
            throw new ArgumentException("a resumed run takes its weights from the checkpoint, not from initial " +
                "weights");
        config.Validate();
        this.config = config;
        this.time = time ?? TimeProvider.System;
        Data = data;
        CheckFitsTheCorpus(config, data);
        if (ranks is not null) CheckRanks(config, data, ranks);
        this.ranks = ranks;
        state = resume is null ? new RunState(config.Seed) : RunState.Restore(resume, config.Seed, data.Ids.Length);
        state.Ranks = ranks?.Size ?? 1;
        Device = DeviceChoice.Resolve(config.Device);
        var counts = data.Vocabulary.Counts.Select(c => (double)c).ToArray();
        Sampler = INegativeSampler.Create(counts, config.Power, config.Negatives, config.Sampler, Device,
            state.DerivedSeed(1));
        Model = Word2VecModel.Create(config.Model, data.Vocabulary.Count, config.HiddenSize, Device, Sampler,
            config.GradientMode);
        // A grown vocabulary's new rows start as the book's; the initial weights then take the old ones.
        if (resume is null && (initialWeights is null || data.GrownFrom is not null))
            Model.InitialiseAsTheBook(new Generator((ulong)state.DerivedSeed(0)));
        if (initialWeights is not null) StartFrom(initialWeights);
        IReadOnlyList<(string, TorchSharp.Modules.Parameter)> parameters =
            [(Checkpoint.WIn, Model.WIn), (Checkpoint.WOut, Model.WOut)];
        Optimizer = config.Optimizer switch
        {
            OptimizerKind.Adam => new Adam(parameters, config.LearningRate, config.Beta1, config.Beta2, config.Eps),
            OptimizerKind.Adagrad => new Adagrad(parameters, config.LearningRate, config.LrDecay),
            _ => new Sgd(parameters, config.LearningRate, config.LrDecay),
        };
        if (ranks is not null)
            averaging = new WeightAveraging(ranks, data.CorpusCounts, config.TieredSync, config.SumRankUpdates,
                Model.WIn, Model.WOut)
            { Syncs = state.Syncs };
        epochs = config.Mode == TrainingMode.Fast
            ? new HogwildEpochs(config, data, Model, Optimizer, Device, averaging)
            : new FaithfulEpochs(config, data, Model, Optimizer, Device);
        if (config.OutputDir is not null && (ranks?.Rank ?? 0) == 0)
            directory = new RunDirectory(config.OutputDir, resume?.LoadedFrom, overwrite);
        if (resume is not null) Restore(resume);
    }

    /// <summary>The config of the run.</summary>
    public TrainingConfig Config => config;

    /// <summary>The corpus and its vocabulary.</summary>
    public TrainingData Data { get; }

    /// <summary>Where the weights live.</summary>
    public Device Device { get; }

    /// <summary>CBOW or skip-gram, holding W_in and W_out.</summary>
    public Word2VecModel Model { get; }

    /// <summary>The negative sampler of the faithful mode (the fast mode's workers have their own).</summary>
    public INegativeSampler Sampler { get; }

    /// <summary>Adam, SGD or row-wise Adagrad over W_in and W_out.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Steps per epoch when known before the run (the faithful mode); null in the fast mode.</summary>
    public long? StepsPerEpoch => epochs.StepsPerEpoch;

    /// <summary>Steps taken so far, over all epochs (resumed runs included).</summary>
    public long Step => state.Step;

    /// <summary>The loss log so far.</summary>
    public IReadOnlyList<LossRecord> History => state.History;

    /// <summary>Where checkpoints and loss.csv go; null when the run writes no file.</summary>
    public string? OutputDir => directory?.Path;

    /// <summary>The run's files (null when it writes none).</summary>
    internal RunDirectory? Directory => directory;

    /// <summary>True when every configured epoch is done (a resumed finished run has nothing to do).</summary>
    public bool Finished => state.Position.Epoch >= config.Epochs;

    /// <summary>The weight syncs of a rank (null for a process alone): how many, their bytes and their time.</summary>
    public WeightAveraging? Averaging => averaging;

    /// <summary>
    /// Trains until the configured epochs are done, or, when <paramref name="cancel"/> fires, until the next
    /// point where a checkpoint can be written (a step, or a chunk in the fast mode), which it writes.
    /// </summary>
    public void Run(IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        directory?.Claim();
        var steps = new StepSink(state, config, progress ?? Silent.Instance, () => epochs.Fraction(state), time);
        steps.ReportStart();
        bool Pause() => cancel.IsCancellationRequested || state.CheckpointDue(config.CheckpointInterval);
        // The ranks stop together, when rank 0 is cancelled.
        bool Stop() => ranks?.RootDecides(cancel.IsCancellationRequested) ?? cancel.IsCancellationRequested;
        while (!Finished && !Stop())
        {
            if (epochs.RunEpoch(state, steps, Pause)) state.Position = state.Position.NextEpoch();
            SaveCheckpoint(steps);
        }
    }

    /// <summary>Writes a checkpoint at the current position (when the run has an output directory).</summary>
    private void SaveCheckpoint(StepSink steps)
    {
        state.LastCheckpointStep = state.Step;
        if (directory is null) return;
        steps.ReportCheckpoint(directory.Save(config, Data, state, Model, Optimizer, Sampler));
    }

    /// <summary>Refuses, in the config's words, what the corpus cannot give.</summary>
    private static void CheckFitsTheCorpus(TrainingConfig config, TrainingData data)
    {
        if (data.Ids.Length <= 2L * config.Window)
            throw ConfigException.ForKey("config", "window",
                $"{config.Window} needs a corpus of more than {2L * config.Window} tokens; {data.Source} has " +
                $"{data.Ids.Length}");
        var words = data.Vocabulary.Counts.Count(c => c > 0);
        if (config.Sampler == SamplerMode.ExcludeTarget && config.Negatives >= words)
            throw ConfigException.ForKey("config", "negatives",
                $"{config.Negatives} distinct negatives besides the target need more than {config.Negatives} words " +
                $"with sampler \"excludeTarget\"; the vocabulary has {words}");
    }

    /// <summary>Refuses what cannot run on several processes, and a rank whose vocabulary is not rank 0's.</summary>
    private static void CheckRanks(TrainingConfig config, TrainingData data, RankGroup ranks)
    {
        if (config.Mode != TrainingMode.Fast)
            throw ConfigException.ForKey("config", "mode",
                $"\"faithful\" runs in one process; mpirun started {ranks.Size} (use \"fast\", or run without mpirun)");
        // Each rank's moments or accumulators follow its own updates, which no sync shares: rank 0's checkpoint
        // could not resume the others where they were.
        if (ranks.Size > 1 && config.Optimizer != OptimizerKind.Sgd)
            throw ConfigException.ForKey("config", "optimizer", $"\"{ConfigField.Camel(config.Optimizer.ToString())}" +
                "\" keeps per-row state that the ranks' syncs do not share; mpirun started " +
                $"{ranks.Size} (use \"sgd\", or run without mpirun)");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (word, count) in data.Vocabulary.Words.Zip(data.Vocabulary.Counts))
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes($"{word}\n{count}\n"));
        hash.AppendData(BitConverter.GetBytes(data.Ids.Length));
        ranks.CheckSame(hash.GetHashAndReset(), "vocabulary",
            $"here {data.Vocabulary.Count:N0} words and {data.Ids.Length:N0} tokens of {data.Source}");
    }

    /// <summary>Copies initial weights in, once their vocabulary is the corpus's (or a grown vocabulary's first
    /// words) and their shape the model's.</summary>
    private void StartFrom(ModelWeights weights)
    {
        var rows = Data.GrownFrom ?? Data.Vocabulary.Count;
        if (Data.Vocabulary.DifferenceFrom(weights.Words, rows) is { } difference)
            throw new InvalidDataException(
                $"the initial weights' vocabulary ({weights.Words.Count:N0} words) is not the corpus's " +
                $"({Data.Vocabulary.Count:N0} words, {Data.Source}): {difference}");
        using var wIn = Model.WIn.narrow(0, 0, rows);
        using var wOut = Model.WOut.narrow(0, 0, rows);
        CopyInto(wIn, weights.WIn, $"the initial {ModelWeights.WInName}");
        CopyInto(wOut, weights.WOut, $"the initial {ModelWeights.WOutName}");
    }

    /// <summary>Takes the weights, optimizer and sampler state of a checkpoint of the same vocabulary.</summary>
    private void Restore(Checkpoint checkpoint)
    {
        if (Data.Vocabulary.DifferenceFrom(checkpoint.Words) is not null)
            throw new InvalidDataException(
                $"checkpoint vocabulary ({checkpoint.Words.Count} words) differs from the corpus vocabulary " +
                $"({Data.Vocabulary.Count} words, {Data.Source}): it was trained on another corpus or vocabulary " +
                "settings");
        CopyInto(Model.WIn, checkpoint.Tensor(Checkpoint.WIn), $"checkpoint {Checkpoint.WIn}");
        CopyInto(Model.WOut, checkpoint.Tensor(Checkpoint.WOut), $"checkpoint {Checkpoint.WOut}");
        Optimizer.LoadState(checkpoint.OptimizerState, checkpoint.OptimizerSteps);
        Sampler.SetState(checkpoint.SamplerState);
    }

    /// <summary>Copies saved or given weights into a parameter of the same shape; <paramref name="what"/> names them
    /// when the shapes differ.</summary>
    private void CopyInto(Tensor parameter, Tensor given, string what)
    {
        if (!given.shape.SequenceEqual(parameter.shape))
            throw new InvalidDataException($"{what} is {IndexGuard.Shape(given)}; the model is " +
                $"{IndexGuard.Shape(parameter)} (hiddenSize {config.HiddenSize})");
        using var _ = no_grad();
        parameter.copy_(given);
    }

    /// <summary>Frees the model, sampler, optimizer and workers.</summary>
    public void Dispose()
    {
        epochs.Dispose();
        averaging?.Dispose();
        Model.Dispose();
        Sampler.Dispose();
        Optimizer.Dispose();
    }

    /// <summary>Where the reports of a run nobody watches go.</summary>
    private sealed class Silent : IProgress<TrainingProgress>
    {
        public static readonly Silent Instance = new();
        public void Report(TrainingProgress value) { }
    }
}

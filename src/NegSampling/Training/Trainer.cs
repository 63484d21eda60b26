using System.Diagnostics;
using System.Globalization;
using NegSampling.Data;
using NegSampling.Formats;
using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Training.Optimizers;
using static TorchSharp.torch;

namespace NegSampling.Training;

/// <summary>
/// Owns a training run: its config, data, model, sampler, optimizer, position, loss history, seeds and
/// checkpoints. The epochs themselves are run by one of two strategies: the book's shuffled batches
/// (<see cref="FaithfulEpochs"/>) or word2vec's streamed Hogwild chunks (<see cref="HogwildEpochs"/>).
/// A run resumed from a checkpoint continues bit for bit on CPU (with one worker in the fast mode).
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainingConfig config;
    private readonly EpochStrategy epochs;
    private readonly RunDirectory? directory;
    private readonly List<LossRecord> history = [];
    private readonly Lock stepGate = new();
    private readonly Stopwatch watch = new();
    private ITrainingObserver observer = new NullObserver();
    private long step;
    private long lastCheckpointStep;
    private long tokensSeen;
    private long tokensThisRun;
    private double startFraction;
    private double pendingLossSum;
    private int pendingLossCount;

    /// <summary>
    /// Builds the model and optimizer for <paramref name="config"/> (validated here) on <paramref name="data"/>,
    /// from the book's initialisation, from <paramref name="initialWeights"/> (whose vocabulary must be the
    /// corpus's) or from <paramref name="resume"/>. With <paramref name="overwrite"/> another run's files in the
    /// output directory are replaced instead of refused. libtorch's thread count is the caller's to set (see
    /// <see cref="TrainingConfig.EffectiveThreads"/>).
    /// </summary>
    public Trainer(TrainingConfig config, TrainingData data, Checkpoint? resume = null, bool overwrite = false,
        ModelWeights? initialWeights = null)
    {
        if (resume is not null && initialWeights is not null)
            throw new ArgumentException("a resumed run takes its weights from the checkpoint, not from initial " +
                "weights");
        config.Validate();
        this.config = config;
        Data = data;
        CheckFitsTheCorpus(config, data);
        Device = DeviceChoice.Resolve(config.Device);
        var counts = data.Vocabulary.Counts.Select(c => (double)c).ToArray();
        Sampler = INegativeSampler.Create(counts, config.Power, config.Negatives, config.Sampler, Device,
            DerivedSeed(1));
        Model = Word2VecModel.Create(config.Model, data.Vocabulary.Count, config.HiddenSize, Device, Sampler,
            config.GradientMode);
        if (initialWeights is null) Model.InitialiseAsTheBook(new Generator((ulong)DerivedSeed(0)));
        else StartFrom(initialWeights);
        IReadOnlyList<(string, TorchSharp.Modules.Parameter)> parameters = [("W_in", Model.WIn), ("W_out", Model.WOut)];
        Optimizer = config.Optimizer == OptimizerKind.Adam
            ? new Adam(parameters, config.LearningRate, config.Beta1, config.Beta2, config.Eps)
            : new Sgd(parameters, config.LearningRate, config.LrDecay);
        epochs = config.Mode == TrainingMode.Fast ? new HogwildEpochs(this, counts) : new FaithfulEpochs(this);
        if (config.OutputDir is not null) directory = new RunDirectory(config.OutputDir, resume?.LoadedFrom, overwrite);
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

    /// <summary>Adam or SGD over W_in and W_out.</summary>
    public Optimizer Optimizer { get; }

    /// <summary>Steps per epoch when known before the run (the faithful mode); null in the fast mode.</summary>
    public long? StepsPerEpoch => epochs.StepsPerEpoch;

    /// <summary>Steps taken so far, over all epochs (resumed runs included).</summary>
    public long Step => Interlocked.Read(ref step);

    /// <summary>The loss log so far.</summary>
    public IReadOnlyList<LossRecord> History => history;

    /// <summary>Where checkpoints and loss.csv go; null when the run writes no file.</summary>
    public string? OutputDir => directory?.Path;

    /// <summary>True when every configured epoch is done (a resumed finished run has nothing to do).</summary>
    public bool Finished => Position.Epoch >= config.Epochs;

    internal RunPosition Position { get; set; }

    internal long TokensSeen => Interlocked.Read(ref tokensSeen);

    /// <summary>True when a checkpoint is due: a multiple of checkpointInterval steps was passed since the
    /// last.</summary>
    internal bool CheckpointDue =>
        config.CheckpointInterval > 0
            && Step / config.CheckpointInterval > lastCheckpointStep / config.CheckpointInterval;

    /// <summary>Seeds of the independent random streams (init, sampler, epoch shuffles, chunks) from the one config
    /// seed.</summary>
    internal long DerivedSeed(long stream) =>
        (long)((ulong)config.Seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xD1B54A32D192ED03UL >> 1);

    /// <summary>
    /// Trains until the configured epochs are done, or, when <paramref name="cancel"/> fires, until the next
    /// point where a checkpoint can be written (a step, or a chunk in the fast mode), which it writes.
    /// </summary>
    public void Run(ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        this.observer = observer ?? new NullObserver();
        directory?.Claim();
        startFraction = epochs.Fraction;
        tokensThisRun = 0;
        watch.Restart();
        this.observer.OnStart(new TrainingPlan(config.Epochs, StepsPerEpoch, Step, startFraction, Data.Vocabulary.Count,
            Data.Ids.Length, Device.ToString(), OutputDir));
        epochs.Run(cancel);
    }

    /// <summary>Counts a finished step: the loss log every evalInterval iterations, and progress.
    /// Thread-safe.</summary>
    internal void CompleteStep(double loss, long tokens)
    {
        lock (stepGate)
        {
            if (!double.IsFinite(loss))
                throw new InvalidOperationException(
                    $"training diverged: the loss is {loss} at epoch {Position.Epoch + 1}, iteration " +
                    $"{Position.Iteration + 1}; " +
                    $"lower learningRate (now {config.LearningRate.ToString(CultureInfo.InvariantCulture)}) or " +
                    (config.Mode == TrainingMode.Fast
                        ? $"batchSize (now {config.BatchSize}: a batch's updates to a frequent word add up)"
                        : "set maxGradNorm"));
            Interlocked.Increment(ref step);
            Position = Position with { Iteration = Position.Iteration + 1 };
            CountTokens(tokens);
            pendingLossSum += loss;
            pendingLossCount++;
            if (Position.Iteration % config.EvalInterval == 0)
            {
                var record = new LossRecord(step, Position.Epoch + 1, Position.Iteration,
                    pendingLossSum / pendingLossCount);
                history.Add(record);
                (pendingLossSum, pendingLossCount) = (0, 0);
                observer.OnLog(record, watch.Elapsed);
            }
            observer.OnStep(Progress(loss));
        }
    }

    /// <summary>Counts corpus tokens read without a step (a chunk's tail after its last target).</summary>
    internal void CountTokens(long tokens)
    {
        Interlocked.Add(ref tokensSeen, tokens);
        Interlocked.Add(ref tokensThisRun, tokens);
    }

    private TrainingProgress Progress(double loss)
    {
        var elapsed = watch.Elapsed;
        var fraction = epochs.Fraction;
        TimeSpan? remaining = fraction > startFraction
            ? elapsed * ((1 - fraction) / (fraction - startFraction)) : null;
        return new TrainingProgress(Position.Epoch + 1, Position.Iteration, step, loss,
            Interlocked.Read(ref tokensThisRun) / Math.Max(elapsed.TotalSeconds, 1e-9), elapsed, fraction, remaining);
    }

    /// <summary>Moves to the next epoch and checkpoints there.</summary>
    internal void EndEpoch()
    {
        Position = Position.NextEpoch();
        SaveCheckpoint();
    }

    /// <summary>Writes a checkpoint at the current position (when the run has an output directory).</summary>
    internal void SaveCheckpoint()
    {
        lastCheckpointStep = step;
        if (directory is null) return;
        var tensors = new Dictionary<string, Tensor> { ["W_in"] = Model.WIn, ["W_out"] = Model.WOut };
        foreach (var (name, t) in Optimizer.State) tensors["optimizer." + name] = t;
        var checkpoint = new Checkpoint
        {
            Config = config.ToJson(),
            Words = Data.Vocabulary.Words,
            Counts = Data.Vocabulary.Counts,
            Epoch = Position.Epoch,
            Iteration = Position.Iteration,
            Chunk = Position.Chunk,
            EpochTokens = Position.EpochTokens,
            Step = step,
            OptimizerSteps = Optimizer.StepCount,
            SamplerState = Sampler.GetState(),
            PendingLossSum = pendingLossSum,
            PendingLossCount = pendingLossCount,
            History = history.ToList(),
            Tensors = tensors,
        };
        observer.OnCheckpoint(directory.Save(checkpoint, history, config.KeepCheckpoints), history);
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

    /// <summary>Copies initial weights in, once their vocabulary is the corpus's and their shape the model's.</summary>
    private void StartFrom(ModelWeights weights)
    {
        var (ours, theirs) = (Data.Vocabulary.Words, weights.Words);
        var first = Enumerable.Range(0, Math.Min(ours.Count, theirs.Count))
            .FirstOrDefault(i => ours[i] != theirs[i], -1);
        if (first >= 0 || ours.Count != theirs.Count)
            throw new InvalidDataException(
                $"the initial weights' vocabulary ({theirs.Count:N0} words) " +
                $"is not the corpus's ({ours.Count:N0} words, {Data.Source}): " +
                (first >= 0
                    ? $"word {first} is '{theirs[first]}' there and '{ours[first]}' here"
                    : $"one runs out at word {Math.Min(ours.Count, theirs.Count)}"));
        CopyInto(Model.WIn, weights.WIn, $"the initial {ModelWeights.WInName}");
        CopyInto(Model.WOut, weights.WOut, $"the initial {ModelWeights.WOutName}");
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

    private void Restore(Checkpoint checkpoint)
    {
        var vocabulary = new Vocabulary(checkpoint.Words, checkpoint.Counts);
        if (!vocabulary.SameWords(Data.Vocabulary))
            throw new InvalidDataException(
                $"checkpoint vocabulary ({vocabulary.Count} words) differs from the corpus vocabulary " +
                $"({Data.Vocabulary.Count} words, {Data.Source}): it was trained on another corpus or vocabulary " +
                "settings");
        foreach (var (name, parameter) in new[] { ("W_in", Model.WIn), ("W_out", Model.WOut) })
            CopyInto(parameter, checkpoint.Tensors.TryGetValue(name, out var saved)
                ? saved : throw new InvalidDataException($"checkpoint has no {name}"), $"checkpoint {name}");
        Optimizer.LoadState(checkpoint.Tensors.Where(t => t.Key.StartsWith("optimizer.", StringComparison.Ordinal))
            .ToDictionary(t => t.Key["optimizer.".Length..], t => t.Value), checkpoint.OptimizerSteps);
        Sampler.SetState(checkpoint.SamplerState);
        Position = new RunPosition(checkpoint.Epoch, checkpoint.Iteration, checkpoint.Chunk, checkpoint.EpochTokens);
        step = lastCheckpointStep = checkpoint.Step;
        tokensSeen = checkpoint.Epoch * Data.Ids.Length + checkpoint.EpochTokens;
        pendingLossSum = checkpoint.PendingLossSum;
        pendingLossCount = checkpoint.PendingLossCount;
        history.AddRange(checkpoint.History);
    }

    /// <summary>Frees the model, sampler, optimizer and workers.</summary>
    public void Dispose()
    {
        epochs.Dispose();
        Model.Dispose();
        Sampler.Dispose();
        Optimizer.Dispose();
    }

    private sealed class NullObserver : ITrainingObserver;
}

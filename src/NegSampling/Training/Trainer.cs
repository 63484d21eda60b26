using System.Diagnostics;
using NegSampling.Data;
using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace NegSampling.Training;

/// <summary>
/// The book's Trainer for CBOW and skip-gram: each epoch visits the samples in a seeded shuffled order in
/// batches (the remainder that does not fill a batch is skipped, as the book's Trainer does), logs the
/// average loss every evalInterval iterations, and checkpoints every checkpointInterval iterations and at
/// each epoch end. A run resumed from a checkpoint continues bit for bit on CPU. In mode "fast" the same
/// model trains with word2vec's streaming sparse SGD instead (see RunFast).
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly TrainingConfig config;
    private readonly ContextWindows windows;
    private readonly List<LossRecord> history = [];
    private readonly double[] counts;
    private int epoch;
    private long iteration;
    private long step;
    private double pendingLossSum;
    private int pendingLossCount;

    public Trainer(TrainingConfig config, TrainingData data, Checkpoint? resume = null)
    {
        if (config.Inconsistency() is { } problem) throw new InvalidDataException($"config: {problem}");
        this.config = config;
        Data = data;
        // Hogwild workers each run small ops: intra-op threads would only compete with them.
        if ((config.Threads ?? (config.Workers > 1 ? 1 : null)) is { } threads) set_num_threads(threads);
        Device = DeviceChoice.Resolve(config.Device);
        windows = new ContextWindows(data.Ids, config.Window);
        // The fast path's count is an upper bound: subsampling and lone tokens make batches fewer.
        IterationsPerEpoch = config.Mode == TrainingMode.Fast ? (data.Ids.Length + config.BatchSize - 1) / config.BatchSize : windows.Count / config.BatchSize;
        if (IterationsPerEpoch == 0)
            throw new InvalidDataException($"corpus {data.Source} gives {windows.Count} samples with window {config.Window}, fewer than one batch of {config.BatchSize}");

        counts = data.Vocabulary.Counts.Select(c => (double)c).ToArray();
        Sampler = new UnigramSampler(counts, config.Power, config.Negatives, config.Sampler, Device, DerivedSeed(1));
        var generator = new Generator((ulong)DerivedSeed(0));
        var (wIn, wOut) = Word2VecModel.BookInitialisation(data.Vocabulary.Count, config.HiddenSize, generator);
        Model = Word2VecModel.Create(config.Model, wIn.to(Device), wOut.to(Device), Sampler, config.GradientMode);
        if (Model is Cbow cbow) cbow.ContextUpdate = config.CbowContextUpdate;
        wIn.Dispose();
        wOut.Dispose();
        IReadOnlyList<(string, TorchSharp.Modules.Parameter)> parameters = [("W_in", Model.WIn), ("W_out", Model.WOut)];
        Optimizer = config.Optimizer == OptimizerKind.Adam
            ? new Adam(parameters, config.LearningRate, config.Beta1, config.Beta2, config.Eps)
            : new Sgd(parameters, config.LearningRate, config.LrDecay);
        if (resume is not null) Restore(resume);
        if (config.Mode == TrainingMode.Fast && iteration != 0)
            throw new InvalidDataException("the fast mode resumes at epoch boundaries only; this checkpoint is mid-epoch");
    }

    public TrainingData Data { get; }
    public Device Device { get; }
    public Word2VecModel Model { get; }
    public UnigramSampler Sampler { get; }
    public Optimizer Optimizer { get; }
    public long IterationsPerEpoch { get; }
    public long TotalSteps => IterationsPerEpoch * config.Epochs;
    public IReadOnlyList<LossRecord> History => history;
    public string OutputDir => config.ResolvedOutputDir;

    /// <summary>Seeds of the independent random streams (init, sampler, epoch shuffles) from the one config seed.</summary>
    private long DerivedSeed(long stream) => (long)((ulong)config.Seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xD1B54A32D192ED03UL >> 1);

    /// <summary>Trains until the configured number of epochs is done (or cancelled, after a checkpoint).</summary>
    public void Run(ITrainingObserver? observer = null, CancellationToken cancel = default)
    {
        observer ??= new NullObserver();
        Directory.CreateDirectory(OutputDir);
        observer.OnStart(new TrainingPlan(config.Epochs, IterationsPerEpoch, step, Data.Vocabulary.Count, Data.Ids.Length, Device.ToString(), OutputDir));
        if (config.Mode == TrainingMode.Fast) RunFast(observer, cancel);
        else RunFaithful(observer, cancel);
    }

    private void RunFaithful(ITrainingObserver observer, CancellationToken cancel)
    {
        var watch = Stopwatch.StartNew();
        var startStep = step;
        var samples = new long[config.BatchSize];
        for (; epoch < config.Epochs; epoch++, iteration = 0)
        {
            var order = new SampleOrder(windows.Count, (ulong)DerivedSeed(2 + epoch), config.Shuffle);
            while (iteration < IterationsPerEpoch)
            {
                double loss;
                using (NewDisposeScope())
                {
                    for (var b = 0; b < samples.Length; b++) samples[b] = order[iteration * config.BatchSize + b];
                    var (contexts, target) = windows.Batch(samples, Device);
                    var lossTensor = Model.forward(contexts, target);
                    Optimizer.ZeroGrad();
                    lossTensor.backward();
                    if (config.MaxGradNorm is { } maxNorm) Optimizer.ClipGradNorm(maxNorm);
                    Optimizer.Step((double)step / TotalSteps);
                    loss = lossTensor.to_type(ScalarType.Float64).item<double>();
                }
                iteration++;
                Record(loss, observer, watch, (step + 1 - startStep) * config.BatchSize);
                var epochEnds = iteration == IterationsPerEpoch;
                if (epochEnds || (config.CheckpointInterval > 0 && step % config.CheckpointInterval == 0) || cancel.IsCancellationRequested)
                {
                    // At an epoch's end the checkpoint points at the start of the next epoch.
                    observer.OnCheckpoint(SaveCheckpoint(epochEnds ? epoch + 1 : epoch, epochEnds ? 0 : iteration), history);
                }
                if (cancel.IsCancellationRequested) return;
            }
        }
    }

    /// <summary>Counts a finished step: the loss log every evalInterval iterations, and progress.</summary>
    private void Record(double loss, ITrainingObserver observer, Stopwatch watch, long wordsThisRun)
    {
        if (!double.IsFinite(loss))
            throw new InvalidOperationException(
                $"training diverged: the loss is {loss} at epoch {epoch + 1}, iteration {iteration}; lower learningRate (now {config.LearningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}) or set maxGradNorm");
        step++;
        pendingLossSum += loss;
        pendingLossCount++;
        if (iteration % config.EvalInterval == 0)
        {
            var record = new LossRecord(step, epoch + 1, iteration, pendingLossSum / pendingLossCount);
            history.Add(record);
            pendingLossSum = 0;
            pendingLossCount = 0;
            observer.OnLog(record, IterationsPerEpoch, watch.Elapsed);
        }
        var wordsPerSecond = wordsThisRun / Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
        observer.OnStep(new TrainingProgress(epoch + 1, iteration, step, TotalSteps, loss, wordsPerSecond, watch.Elapsed));
    }

    /// <summary>
    /// The fast path: word2vec's schedule (linear decay of alpha over all tokens of all epochs), chunks of
    /// the corpus streamed through subsampling and dynamic windows, and the model's SparseStep on large
    /// batches, with SGD or, when the optimizer is Adam, lazy Adam.
    /// With several workers, chunks are shared out Hogwild-style (lock-free updates of the shared weights);
    /// each chunk's randomness is seeded from (seed, epoch, chunk), so one worker is deterministic.
    /// Checkpoints at epoch ends.
    /// </summary>
    private void RunFast(ITrainingObserver observer, CancellationToken cancel)
    {
        var stream = new StreamedBatches(Data.Ids, config.Window, StreamedBatches.KeepProbabilities(Data.Vocabulary.Counts, config.Sample), config.DynamicWindow);
        var samplers = Enumerable.Range(0, config.Workers)
            .Select(_ => new UnigramSampler(counts, config.Power, config.Negatives, config.Sampler, Device)).ToArray();
        var gate = new object();
        var watch = Stopwatch.StartNew();
        long wordsThisRun = 0;
        var totalWords = (double)Data.Ids.Length * config.Epochs;
        try
        {
            for (; epoch < config.Epochs && !cancel.IsCancellationRequested; epoch++, iteration = 0)
            {
                var nextChunk = -1;
                var epochStartWords = (double)Data.Ids.Length * epoch;
                long epochWords = 0;
                void Work(int worker)
                {
                    var batch = new ContextBatch(config.BatchSize, 2 * config.Window);
                    using var batchTensors = new BatchTensors(config.BatchSize, 2 * config.Window);
                    int chunk;
                    while (!cancel.IsCancellationRequested && (chunk = Interlocked.Increment(ref nextChunk)) < stream.Chunks)
                    {
                        var chunkSeed = DerivedSeed(1000 + (long)epoch * stream.Chunks + chunk);
                        samplers[worker].Reseed(chunkSeed);
                        var done = Interlocked.Read(ref epochWords);
                        foreach (var b in stream.Batches(chunk, batch, new Random((int)(chunkSeed & int.MaxValue))))
                        {
                            var progress = (epochStartWords + done) / totalWords;
                            var alpha = config.LrDecay ? config.LearningRate * Math.Max(1 - progress, 1e-4) : config.LearningRate;
                            double loss;
                            using (NewDisposeScope())
                            {
                                var (contexts, mask, target) = batchTensors.Load(b, Device, Model.WIn.dtype);
                                ISparseUpdate update = new SparseSgd(alpha);
                                if (Optimizer is Adam lazyAdam)
                                {
                                    lazyAdam.CountSparseStep();
                                    update = lazyAdam;
                                }
                                loss = Model.SparseStep(contexts, mask, target, update, samplers[worker]);
                            }
                            lock (gate)
                            {
                                iteration++;
                                Record(loss, observer, watch, wordsThisRun + Interlocked.Read(ref epochWords));
                            }
                        }
                        Interlocked.Add(ref epochWords, stream.TokensIn(chunk));
                    }
                }
                if (config.Workers == 1) Work(0);
                else Task.WaitAll(Enumerable.Range(0, config.Workers).Select(w => Task.Factory.StartNew(() => Work(w), TaskCreationOptions.LongRunning)).ToArray());
                wordsThisRun += epochWords;
                if (cancel.IsCancellationRequested) return; // mid-epoch: the fast mode resumes from the last epoch end
                observer.OnCheckpoint(SaveCheckpoint(epoch + 1, 0), history);
            }
        }
        finally
        {
            foreach (var s in samplers) s.Dispose();
        }
    }

    private string SaveCheckpoint(int atEpoch, long atIteration)
    {
        var tensors = new Dictionary<string, Tensor> { ["W_in"] = Model.WIn, ["W_out"] = Model.WOut };
        foreach (var (name, t) in Optimizer.State) tensors["optimizer." + name] = t;
        var checkpoint = new Checkpoint
        {
            Config = config.ToJson(),
            Words = Data.Vocabulary.Words,
            Counts = Data.Vocabulary.Counts,
            Epoch = atEpoch,
            Iteration = atIteration,
            Step = step,
            OptimizerSteps = Optimizer.StepCount,
            SamplerState = Sampler.GetState(),
            PendingLossSum = pendingLossSum,
            PendingLossCount = pendingLossCount,
            History = history.ToList(),
            Tensors = tensors,
        };
        var path = Path.Combine(OutputDir, Checkpoint.FileName(step));
        checkpoint.Save(path);
        LossCsv.Write(Path.Combine(OutputDir, "loss.csv"), history);
        foreach (var old in Checkpoint.List(OutputDir).SkipLast(config.KeepCheckpoints)) File.Delete(old);
        return path;
    }

    private void Restore(Checkpoint checkpoint)
    {
        var vocabulary = new Vocabulary(checkpoint.Words, checkpoint.Counts);
        if (!vocabulary.SameWords(Data.Vocabulary))
            throw new InvalidDataException(
                $"checkpoint vocabulary ({vocabulary.Count} words) differs from the corpus vocabulary ({Data.Vocabulary.Count} words, {Data.Source}): it was trained on another corpus or vocabulary settings");
        using var _ = no_grad();
        foreach (var (name, parameter) in new[] { ("W_in", Model.WIn), ("W_out", Model.WOut) })
        {
            if (!checkpoint.Tensors.TryGetValue(name, out var saved)) throw new InvalidDataException($"checkpoint has no {name}");
            if (!saved.shape.SequenceEqual(parameter.shape))
                throw new InvalidDataException($"checkpoint {name} is [{string.Join(", ", saved.shape)}], the model's is [{string.Join(", ", parameter.shape)}]");
            parameter.copy_(saved);
        }
        Optimizer.LoadState(checkpoint.Tensors.Where(t => t.Key.StartsWith("optimizer.", StringComparison.Ordinal))
            .ToDictionary(t => t.Key["optimizer.".Length..], t => t.Value), checkpoint.OptimizerSteps);
        Sampler.SetState(checkpoint.SamplerState);
        epoch = checkpoint.Epoch;
        iteration = checkpoint.Iteration;
        step = checkpoint.Step;
        pendingLossSum = checkpoint.PendingLossSum;
        pendingLossCount = checkpoint.PendingLossCount;
        history.AddRange(checkpoint.History);
    }

    public void Dispose()
    {
        Model.Dispose();
        Sampler.Dispose();
        Optimizer.Dispose();
    }

    private sealed class NullObserver : ITrainingObserver;
}

using NegSampling.Data;
using NegSampling.Models;
using NegSampling.Training.Optimizers;
using static TorchSharp.torch;

namespace NegSampling.Training;

/// <summary>
/// The book's Trainer: each epoch visits the (contexts, target) samples in a seeded shuffled order, in
/// batches made from the id array on the fly (the remainder that does not fill a batch is skipped, as the
/// book does); a step is the model's forward, the hand-written backward and the optimizer's dense step.
/// It can pause after any step.
/// </summary>
internal sealed class FaithfulEpochs : EpochStrategy
{
    private readonly TrainingConfig config;
    private readonly Word2VecModel model;
    private readonly Optimizer optimizer;
    private readonly Device device;
    private readonly ContextWindows windows;
    private readonly long[] samples;
    private readonly long stepsPerEpoch;

    public FaithfulEpochs(TrainingConfig config, TrainingData data, Word2VecModel model, Optimizer optimizer,
        Device device)
    {
        (this.config, this.model, this.optimizer, this.device) = (config, model, optimizer, device);
        windows = new ContextWindows(data.Ids, config.Window);
        stepsPerEpoch = windows.Count / config.BatchSize;
        if (stepsPerEpoch == 0)
            throw ConfigException.ForKey("config", "batchSize",
                $"{config.BatchSize} is more than the {windows.Count} samples that {data.Source} gives " +
                $"with window {config.Window}");
        samples = new long[config.BatchSize];
    }

    public override long? StepsPerEpoch => stepsPerEpoch;

    private long TotalSteps => stepsPerEpoch * config.Epochs;

    public override double Fraction(RunState state) => Math.Min(1, (double)state.Step / TotalSteps);

    public override bool RunEpoch(RunState state, StepSink steps, Func<bool> pause)
    {
        var order = new SampleOrder(windows.Count, (ulong)state.DerivedSeed(2 + state.Position.Epoch),
            config.ShufflesSamples);
        while (state.Position.Iteration < stepsPerEpoch)
        {
            steps.Complete(Step(order, state.Position.Iteration, state.Step), config.BatchSize);
            if (state.Position.Iteration < stepsPerEpoch && pause()) return false;
        }
        return true;
    }

    /// <summary>One step on the batch at an iteration of the epoch's order; returns its loss.</summary>
    private double Step(SampleOrder order, long iteration, long stepsBefore)
    {
        using var scope = NewDisposeScope();
        for (var b = 0; b < samples.Length; b++) samples[b] = order[iteration * samples.Length + b];
        var (contexts, target) = windows.Batch(samples, device);
        var loss = model.call(contexts, target);
        optimizer.ZeroGrad();
        loss.backward();
        if (config.MaxGradNorm is { } maxNorm) optimizer.ClipGradNorm(maxNorm);
        optimizer.Step((double)stepsBefore / TotalSteps);
        return loss.to_type(ScalarType.Float64).item<double>();
    }
}

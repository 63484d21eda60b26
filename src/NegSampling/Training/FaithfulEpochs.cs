using NegSampling.Data;
using static TorchSharp.torch;

namespace NegSampling.Training;

/// <summary>
/// The book's Trainer: each epoch visits the (contexts, target) samples in a seeded shuffled order, in
/// batches made from the id array on the fly (the remainder that does not fill a batch is skipped, as the
/// book does); a step is the model's forward, the hand-written backward and the optimizer's dense step.
/// Checkpoints every checkpointInterval iterations and at each epoch end.
/// </summary>
internal sealed class FaithfulEpochs : EpochStrategy
{
    private readonly ContextWindows windows;
    private readonly long[] samples;
    private readonly long stepsPerEpoch;

    public FaithfulEpochs(Trainer trainer) : base(trainer)
    {
        var config = trainer.Config;
        windows = new ContextWindows(trainer.Data.Ids, config.Window);
        stepsPerEpoch = windows.Count / config.BatchSize;
        if (stepsPerEpoch == 0)
            throw ConfigException.ForKey("config", "batchSize",
                $"{config.BatchSize} is more than the {windows.Count} samples that {trainer.Data.Source} gives " +
                $"with window {config.Window}");
        samples = new long[config.BatchSize];
    }

    public override long? StepsPerEpoch => stepsPerEpoch;

    private long TotalSteps => stepsPerEpoch * Trainer.Config.Epochs;

    public override double Fraction => Math.Min(1, (double)Trainer.Step / TotalSteps);

    protected override void RunEpoch(CancellationToken cancel)
    {
        var config = Trainer.Config;
        var order = new SampleOrder(windows.Count, (ulong)Trainer.DerivedSeed(2 + Trainer.Position.Epoch),
            config.ShufflesSamples);
        while (Trainer.Position.Iteration < stepsPerEpoch)
        {
            Trainer.CompleteStep(Step(order, Trainer.Position.Iteration), config.BatchSize);
            if (Trainer.Position.Iteration == stepsPerEpoch) break;
            if (Trainer.CheckpointDue || cancel.IsCancellationRequested) Trainer.SaveCheckpoint();
            if (cancel.IsCancellationRequested) return;
        }
        Trainer.EndEpoch();
    }

    /// <summary>One step on the batch at an iteration of the epoch's order; returns its loss.</summary>
    private double Step(SampleOrder order, long iteration)
    {
        using var scope = NewDisposeScope();
        for (var b = 0; b < samples.Length; b++) samples[b] = order[iteration * samples.Length + b];
        var (contexts, target) = windows.Batch(samples, Trainer.Device);
        var loss = Trainer.Model.call(contexts, target);
        Trainer.Optimizer.ZeroGrad();
        loss.backward();
        if (Trainer.Config.MaxGradNorm is { } maxNorm) Trainer.Optimizer.ClipGradNorm(maxNorm);
        Trainer.Optimizer.Step((double)Trainer.Step / TotalSteps);
        return loss.to_type(ScalarType.Float64).item<double>();
    }
}

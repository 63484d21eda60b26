using NegSampling.Fast;
using NegSampling.Formats;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Training;

/// <summary>The fast mode checkpoints at chunk boundaries within an epoch, and a resumed run ends where the straight
/// run ends.</summary>
[TestFixture, Category("Training")]
public sealed class HogwildResumeTests
{
    /// <summary>A fast config on 202,500 tokens: four chunks (of 65,536 tokens) and 3,165 steps an epoch.</summary>
    internal static TrainingConfig FastConfig(TempDir dir, string output)
    {
        var corpus = Path.Combine(dir.Path, "long.txt");
        if (!File.Exists(corpus))
            File.WriteAllText(corpus,
                PlantedCorpus.Text(groups: 3, wordsPerGroup: 4, sentences: 22_500, sentenceLength: 8, seed: 4));
        var config = TinyRun.Config(dir, corpus);
        config.Mode = TrainingMode.Fast;
        config.Optimizer = OptimizerKind.Sgd;
        config.LearningRate = 0.02;
        config.Sampler = SamplerMode.Multinomial;
        config.SubsamplingThreshold = 0; // with 12 words, subsampling would drop most of the corpus
        config.DynamicWindow = true;
        config.BatchSize = 64;
        config.CheckpointInterval = 500;
        config.KeepCheckpoints = 20;
        config.OutputDir = Path.Combine(dir.Path, output);
        return config;
    }

    private static Trainer Train(TrainingConfig config, Checkpoint? resume = null,
        IProgress<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        var trainer = new Trainer(config, TrainingData.Load(config, "unused"), resume);
        trainer.Run(progress, cancel);
        return trainer;
    }

    /// <summary>Both steps: the batched one (in batches of 1,024) draws with the multinomial sampler's generator,
    /// reseeded per chunk; with its default row cap and with one of 2, which most rows of a batch pass; and with
    /// row-wise Adagrad, whose accumulators the checkpoint holds.</summary>
    [TestCase(StepKind.Kernels, null, OptimizerKind.Sgd)]
    [TestCase(StepKind.Batched, null, OptimizerKind.Sgd)]
    [TestCase(StepKind.Batched, 2, OptimizerKind.Sgd)]
    [TestCase(StepKind.Batched, null, OptimizerKind.Adagrad)]
    public void CheckpointInterval_WritesMidEpochCheckpoints_AndResumingOneEndsBitForBitWhereTheStraightRunEnds(
        StepKind step, int? rowUpdateCap, OptimizerKind optimizer)
    {
        using var dir = new TempDir();
        var straight = FastConfig(dir, "straight");
        (straight.Step, straight.RowUpdateCap, straight.Optimizer) = (step, rowUpdateCap, optimizer);
        if (step == StepKind.Batched) (straight.BatchSize, straight.CheckpointInterval) = (1024, 50); // its batches
        using var full = Train(straight);
        var midEpoch = Checkpoint.List(straight.OutputDir!).Select(Checkpoint.Load).ToList();
        var chosen = midEpoch.First(c => c.Epoch == 1 && c.Chunk > 0);
        Assert.That(midEpoch.Count(c => c.Chunk > 0), Is.GreaterThanOrEqualTo(4), "checkpoints inside epochs");

        var resumed = TrainingConfig.ForResume(chosen.Config, [$"outputDir={Path.Combine(dir.Path, "resumed")}"]);
        using var continued = Train(resumed, chosen);
        Assert.That(Numeric.BitIdentical(continued.Model.WIn, full.Model.WIn), Is.True, "W_in");
        Assert.That(Numeric.BitIdentical(continued.Model.WOut, full.Model.WOut), Is.True, "W_out");
        Assert.That(continued.History, Is.EqualTo(full.History));
        foreach (var c in midEpoch) c.Dispose();
    }

    private sealed class CancelAfter(int steps, CancellationTokenSource cancel) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress progress)
        {
            if (progress.Step == steps) cancel.Cancel();
        }
    }

    /// <summary>Ctrl+C (a cancel) mid-epoch: the chunk in hand finishes, a checkpoint is written, and resuming it loses
    /// nothing.</summary>
    [Test]
    public void CancelMidEpoch_CheckpointsAtTheChunksEnd_AndTheResumedRunEndsWhereTheStraightRunEnds()
    {
        using var dir = new TempDir();
        var straight = FastConfig(dir, "straight");
        straight.CheckpointInterval = 0;
        using var full = Train(straight);

        var interrupted = FastConfig(dir, "interrupted");
        interrupted.CheckpointInterval = 0;
        using var cancel = new CancellationTokenSource();
        Train(interrupted, progress: new CancelAfter(1500, cancel), cancel: cancel.Token).Dispose();
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(interrupted.OutputDir!));
        Assert.That((checkpoint.Epoch, checkpoint.Chunk), Is.EqualTo((0, 2)),
            "stopped after the chunk holding step 1,500");

        using var continued = Train(TrainingConfig.ForResume(checkpoint.Config, []), checkpoint);
        Assert.That(Numeric.BitIdentical(continued.Model.WIn, full.Model.WIn), Is.True);
        Assert.That(continued.History, Is.EqualTo(full.History));
    }
}

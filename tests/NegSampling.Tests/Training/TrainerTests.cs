using NegSampling.Formats;
using NegSampling.Models;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Training;

[TestFixture, Category("Training")]
public sealed class TrainerTests
{
    private static Trainer Train(TrainingConfig config, Checkpoint? resume = null)
    {
        var trainer = new Trainer(config, TrainingData.Load(config, "unused"), resume);
        trainer.Run();
        return trainer;
    }

    [TestCase(ModelKind.Cbow)]
    [TestCase(ModelKind.SkipGram)]
    public void PlantedStructure_LossFallsAndGroupsAreNearest(ModelKind kind)
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.Model = kind;
        config.Epochs = 6;
        using var trainer = Train(config);
        Assert.That(trainer.History[^1].Loss, Is.LessThan(trainer.History[0].Loss * 0.8), "loss falls");
        var vocabulary = trainer.Data.Vocabulary;
        for (var g = 0; g < 3; g++)
        {
            var id = vocabulary[PlantedCorpus.Word(g, 0)];
            var nearest = Nearest.Rows(trainer.Model.WIn.detach(), id, 3).Select(i => vocabulary.Words[i]).ToArray();
            Assert.That(nearest, Has.All.StartWith($"g{g}w"), $"neighbours of g{g}w0: {string.Join(", ", nearest)}");
        }
    }

    [Test]
    public void SameSeedSameNumbers()
    {
        using var dir = new TempDir();
        using var first = Train(TinyRun.Config(dir));
        var again = TinyRun.Config(dir);
        again.OutputDir = Path.Combine(dir.Path, "again");
        using var second = Train(again);
        Assert.That(Numeric.BitIdentical(first.Model.WIn, second.Model.WIn), Is.True);
        Assert.That(first.History.Select(r => r.Loss), Is.EqualTo(second.History.Select(r => r.Loss)));
    }

    [TestCase(OptimizerKind.Adam, 0)]
    [TestCase(OptimizerKind.Adam, 7)]
    [TestCase(OptimizerKind.Sgd, 0)]
    [TestCase(OptimizerKind.Adagrad, 0)]
    public void ResumeEquivalence_TwoEpochsStraight_EqualsOnePlusResumePlusOne(OptimizerKind optimizer,
        int checkpointInterval)
    {
        using var dir = new TempDir();
        var straight = TinyRun.Config(dir);
        straight.Optimizer = optimizer;
        straight.LrDecay = false; // a decaying schedule depends on the planned epochs, which the split run changes
        straight.CheckpointInterval = checkpointInterval;
        straight.OutputDir = Path.Combine(dir.Path, "straight");
        using var full = Train(straight);

        var split = straight.Clone();
        split.OutputDir = Path.Combine(dir.Path, "split");
        split.Epochs = 1;
        Train(split).Dispose();
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(split.OutputDir));
        Assert.That(checkpoint.Epoch, Is.EqualTo(1));
        var resumed = TrainingConfig.ForResume(checkpoint.Config, ["epochs=2"]);
        using var continued = Train(resumed, checkpoint);

        Assert.That(Numeric.BitIdentical(continued.Model.WIn, full.Model.WIn), Is.True, "W_in bit-identical");
        Assert.That(Numeric.BitIdentical(continued.Model.WOut, full.Model.WOut), Is.True, "W_out bit-identical");
        Assert.That(continued.History, Is.EqualTo(full.History), "loss history identical");
    }

    [Test]
    public void ResumeFromMidEpochCheckpoint_EndsWhereTheStraightRunEnds()
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.CheckpointInterval = 13;
        using var full = Train(config);
        // Resume from an intermediate checkpoint (not the last) of the same run.
        var middle = Checkpoint.List(config.OutputDir!).First(p => !p.EndsWith(Checkpoint.FileName(full.Step)));
        using var checkpoint = Checkpoint.Load(middle);
        Assert.That(checkpoint.Iteration, Is.GreaterThan(0));
        var resumed = TrainingConfig.ForResume(checkpoint.Config, [$"outputDir={Path.Combine(dir.Path, "again")}"]);
        using var continued = Train(resumed, checkpoint);
        Assert.That(Numeric.BitIdentical(continued.Model.WIn, full.Model.WIn), Is.True);
    }

    [Test]
    public void KeepsTheLastKCheckpoints_WritesLossCsv()
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.CheckpointInterval = 5;
        config.KeepCheckpoints = 2;
        using var trainer = Train(config);
        var files = Checkpoint.List(config.OutputDir!);
        Assert.That(files, Has.Count.EqualTo(2));
        Assert.That(files[^1], Does.EndWith(Checkpoint.FileName(trainer.Step)));
        Assert.That(LossCsv.Read(Path.Combine(config.OutputDir!, "loss.csv")), Is.EqualTo(trainer.History));
    }
}

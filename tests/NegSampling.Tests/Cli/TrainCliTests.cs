using NegSampling.Cli;
using NegSampling.Formats;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Cli;

[TestFixture, Category("Training")]
public sealed class TrainCliTests
{
    private static void AssertOneLineError(CliRunner.Result result, params string[] mentions)
    {
        Assert.That(result.ExitCode, Is.EqualTo(1), result.Out + result.Err);
        var lines = result.Err.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1), result.Err);
        Assert.That(lines[0], Does.StartWith("error: "));
        foreach (var mention in mentions) Assert.That(lines[0], Does.Contain(mention));
    }

    [Test]
    public void Train_WritesCheckpointsLossCsvAndPng()
    {
        using var dir = new TempDir();
        var configPath = TinyRun.WriteConfig(dir, TinyRun.Config(dir));
        var result = CliRunner.Run("train", "--config", configPath, "--set", "epochs=1");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        var output = Path.Combine(dir.Path, "out");
        Assert.That(Checkpoint.List(output), Is.Not.Empty);
        Assert.That(File.ReadAllLines(Path.Combine(output, "loss.csv"))[0], Is.EqualTo(LossCsv.Header));
        var png = File.ReadAllBytes(Path.Combine(output, "loss.png"));
        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }),
            "PNG signature");
        Assert.That(result.Out, Does.Contain("| epoch 1 |  iter 10 / "));
    }

    [Test]
    public void BadConfig_MissingCorpus_EmptyCorpus_AreOneLineErrors()
    {
        using var dir = new TempDir();
        AssertOneLineError(CliRunner.Run("train", "--config", dir.File("bad.json", "{\"windw\": 3}")),
            "unknown key 'windw'");
        AssertOneLineError(CliRunner.Run("train", "--config", dir.File("missing.json")), "config not found");
        var config = TinyRun.Config(dir, corpus: Path.Combine(dir.Path, "nope.txt"));
        AssertOneLineError(CliRunner.Run("train", "--config", TinyRun.WriteConfig(dir, config)), "nope.txt");
        config = TinyRun.Config(dir, corpus: dir.File("empty.txt", ""));
        config.AppendEos = false;
        AssertOneLineError(CliRunner.Run("train", "--config", TinyRun.WriteConfig(dir, config)), "empty");
        AssertOneLineError(CliRunner.Run("train", "--config", TinyRun.WriteConfig(dir, TinyRun.Config(dir)), "--set",
            "batchSize=big"), "batchSize", "'big'");
    }

    [Test]
    public void CorruptCheckpoint_AndOtherVocabulary_AreOneLineErrorsAndOverwriteNothing()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir);
        var output = config.OutputDir!;
        var snapshot = Directory.GetFiles(output).ToDictionary(f => f, File.ReadAllBytes);

        var truncated = dir.File("truncated.nsck");
        File.WriteAllBytes(truncated, File.ReadAllBytes(Checkpoint.Resolve(output)).Take(5000).ToArray());
        AssertOneLineError(CliRunner.Run("train", "--resume", truncated), "truncated or corrupt");

        // Same checkpoint, but the corpus it names now holds other words.
        File.WriteAllText(config.Corpus,
            PlantedCorpus.Text(groups: 2, wordsPerGroup: 3, sentences: 200, sentenceLength: 8, seed: 5));
        AssertOneLineError(CliRunner.Run("train", "--resume", output, "--set", "epochs=2"), "vocabulary");

        // The refused runs took the folder's lock, which leaves its lock file; the run's own files are as they were.
        Assert.That(Directory.GetFiles(output).Where(f => Path.GetFileName(f) != RunDirectory.LockName),
            Is.EquivalentTo(snapshot.Keys));
        foreach (var (file, bytes) in snapshot) Assert.That(File.ReadAllBytes(file), Is.EqualTo(bytes), file);
    }

    [Test]
    public void Resume_ContinuesToTheRequestedEpochs()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir);
        var result = CliRunner.Run("train", "--resume", config.OutputDir!, "--set", "epochs=2");
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.Contain("resuming at step").And.Contain("| epoch 2 |"));
    }

    [Test]
    public void Divergence_IsOneLineNamingTheStep()
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.Optimizer = OptimizerKind.Sgd;
        config.LrDecay = false;
        config.LearningRate = 1e30;
        var result = CliRunner.Run("train", "--config", TinyRun.WriteConfig(dir, config));
        AssertOneLineError(result, "training diverged", "lower learningRate");
    }

    [Test]
    public void Eta_IsWrittenAsMinutesOrHours()
    {
        Assert.That(TrainingDisplay.Eta(null), Is.EqualTo("left --:--"));
        Assert.That(TrainingDisplay.Eta(TimeSpan.FromSeconds(125)), Is.EqualTo("left 2:05"));
        Assert.That(TrainingDisplay.Eta(TimeSpan.FromSeconds(3723)), Is.EqualTo("left 1:02:03"));
    }
}

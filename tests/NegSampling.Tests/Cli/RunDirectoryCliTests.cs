using NegSampling.Formats;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Cli;

/// <summary>A run never deletes or mixes with another run's files in its output directory.</summary>
[TestFixture, Category("Cli")]
public sealed class RunDirectoryCliTests
{
    private static Dictionary<string, byte[]> Snapshot(string directory) =>
        Directory.GetFiles(directory).ToDictionary(f => f, File.ReadAllBytes);

    private static void AssertUnchanged(string directory, Dictionary<string, byte[]> before)
    {
        Assert.That(Directory.GetFiles(directory), Is.EquivalentTo(before.Keys));
        foreach (var (file, bytes) in before) Assert.That(File.ReadAllBytes(file), Is.EqualTo(bytes), file);
    }

    /// <summary>A first run of 3 epochs in its own directory, checkpointing every 10 steps and keeping 2.</summary>
    private static (TrainingConfig Config, string Path) FirstRun(TempDir dir)
    {
        var config = TinyRun.Config(dir);
        config.CheckpointInterval = 10;
        config.KeepCheckpoints = 2;
        var path = TinyRun.WriteConfig(dir, config);
        Assert.That(CliRunner.Run("train", "--config", path, "--set", "epochs=3").ExitCode, Is.EqualTo(0));
        return (config, path);
    }

    /// <summary>The reproduction: a long run, then a second with other settings into the same folder.</summary>
    [Test]
    public void SecondFreshRun_IsRefused_AndTheFirstStaysWhole()
    {
        using var dir = new TempDir();
        var (config, path) = FirstRun(dir);
        var before = Snapshot(config.OutputDir!);

        var second = CliRunner.Run("train", "--config", path, "--set", "hiddenSize=4", "--set", "epochs=1");
        Assert.That(second.ExitCode, Is.EqualTo(1));
        var lines = second.Err.TrimEnd().Split('\n');
        Assert.That(lines, Has.Length.EqualTo(1), second.Err);
        Assert.That(lines[0], Does.Contain("already holds a run").And.Contain("--resume").And.Contain("outputDir")
            .And.Contain("--overwrite"));
        AssertUnchanged(config.OutputDir!, before);
        using var vectors = NegSampling.Evaluation.WordVectors.Load(config.OutputDir!);
        Assert.That(vectors.Dimensions, Is.EqualTo(8), "the directory still gives the first run's vectors");
    }

    [Test]
    public void Overwrite_ReplacesTheOtherRun_AndKeepsOnlyTheNewRunsCheckpoints()
    {
        using var dir = new TempDir();
        var (config, path) = FirstRun(dir);
        var old = Checkpoint.List(config.OutputDir!);

        var second = CliRunner.Run("train", "--config", path, "--set", "hiddenSize=4", "--set", "epochs=1",
            "--overwrite");
        Assert.That(second.ExitCode, Is.EqualTo(0), second.Err);
        var files = Checkpoint.List(config.OutputDir!);
        Assert.That(files, Has.Count.EqualTo(2));
        Assert.That(files.Intersect(old), Is.Empty, "no checkpoint of the first run is left");
        Assert.That(second.Out, Does.Contain("done: " + files[^1]), "under /tmp, shown in full from the repository");
        using var vectors = NegSampling.Evaluation.WordVectors.Load(config.OutputDir!);
        Assert.That(vectors.Dimensions, Is.EqualTo(4), "the directory gives the new run's vectors");
        using var newest = Checkpoint.Load(files[^1]);
        Assert.That(LossCsv.Read(Path.Combine(config.OutputDir!, "loss.csv")), Is.EqualTo(newest.History));
    }

    [Test]
    public void ResumingAnOlderCheckpoint_IntoItsDirectory_IsRefusedWhileNewerOnesExist()
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.CheckpointInterval = 10;
        config.KeepCheckpoints = 5;
        var first = CliRunner.Run("train", "--config", TinyRun.WriteConfig(dir, config));
        Assert.That(first.ExitCode, Is.EqualTo(0), first.Err);
        var files = Checkpoint.List(config.OutputDir!);
        var before = Snapshot(config.OutputDir!);

        var refused = CliRunner.Run("train", "--resume", files[0], "--set", "epochs=3");
        Assert.That(refused.ExitCode, Is.EqualTo(1));
        Assert.That(refused.Err, Does.Contain("newer than the one resumed").And.Contain(Path.GetFileName(files[^1])));
        AssertUnchanged(config.OutputDir!, before);

        var resumed = CliRunner.Run("train", "--resume", files[0], "--set", "epochs=3", "--overwrite");
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Err);
        Assert.That(Checkpoint.List(config.OutputDir!).Select(Checkpoint.StepOf), Is.Ordered.Ascending);
        using var newest = Checkpoint.Load(Checkpoint.Resolve(config.OutputDir!));
        Assert.That(newest.Epoch, Is.EqualTo(3), "the newest checkpoint is the resumed run's end");
    }

    [Test]
    public void ResumingAFinishedRun_SaysItIsComplete_AndHowToExtendIt()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir);
        var result = CliRunner.Run("train", "--resume", config.OutputDir!);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.Contain("is complete (1 epochs").And.Contain("--set epochs=2"));
        Assert.That(result.Out, Does.Not.Contain("done: ,"));
    }
}

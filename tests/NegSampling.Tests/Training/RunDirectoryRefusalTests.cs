using NegSampling.Formats;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Training;

/// <summary>An output directory in use is .NET's IOException, as its own file-in-use errors, with one line and, in its
/// Data, what the CLI words its message from.</summary>
[TestFixture, Category("Training")]
public sealed class RunDirectoryRefusalTests
{
    [Test]
    public void AnotherRunsFiles_AndALiveRun_AreIOExceptions_WithTheDirectoryInTheirData()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir);
        var output = Path.GetFullPath(config.OutputDir!);
        var newest = Path.GetFileName(Checkpoint.List(output).Last());

        IOException files;
        using (var second = TrainingRun.Start(config)) files = Assert.Throws<IOException>(() => second.Run())!;
        Assert.That(files.Message, Is.EqualTo($"{output} already holds a run (newest: {newest})"));
        Assert.That(files.Data["RunDirectory"], Is.EqualTo(output));
        Assert.That(files.Data["HeldByALiveRun"], Is.False);
        Assert.That(files.Data["Newest"], Is.EqualTo(newest));
        Assert.That(files.Data["NewerThanResumed"], Is.False);

        using var live = TrainingRun.Start(config, overwrite: true); // holds the directory's lock until disposed
        var held = Assert.Throws<IOException>(() => TrainingRun.Start(config, overwrite: true).Dispose())!;
        Assert.That(held.Message, Is.EqualTo($"{output} is in use by a run training there now (process " +
            $"{Environment.ProcessId}): wait for it to end or stop it, or choose another outputDir"));
        Assert.That(held.Data["RunDirectory"], Is.EqualTo(output));
        Assert.That(held.Data["HeldByALiveRun"], Is.True);
        Assert.That(held.Data["ProcessId"], Is.EqualTo(Environment.ProcessId));
    }
}

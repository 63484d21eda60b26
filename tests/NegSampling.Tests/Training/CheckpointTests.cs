using NegSampling.Formats;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;
using TorchSharp;

namespace NegSampling.Tests.Training;

[TestFixture, Category("Training")]
public sealed class CheckpointTests
{
    private static string TrainOnce(TempDir dir) => TinyRun.Train(dir).OutputDir!;

    [Test]
    public void KillDuringSave_PreviousCheckpointStaysLoadable()
    {
        using var dir = new TempDir();
        var output = TrainOnce(dir);
        var complete = Checkpoint.Resolve(output);
        // What a kill leaves mid-save: a partial temporary file. Resolve skips it; the last complete one loads.
        var partial = Path.Combine(output, Checkpoint.FileName(999_999) + ".tmp");
        File.WriteAllBytes(partial, File.ReadAllBytes(complete).Take(1000).ToArray());
        Assert.That(Checkpoint.Resolve(output), Is.EqualTo(complete));
        using var loaded = Checkpoint.Load(Checkpoint.Resolve(output));
        Assert.That(loaded.Tensors.Keys, Does.Contain("W_in"));
    }

    [Test]
    public void FailedSave_DoesNotTouchTheExistingFile()
    {
        using var dir = new TempDir();
        var output = TrainOnce(dir);
        var path = Checkpoint.Resolve(output);
        var before = File.ReadAllBytes(path);
        using var checkpoint = Checkpoint.Load(path);
        Directory.CreateDirectory(path + ".tmp"); // the temporary file cannot be created
        Assert.That(() => checkpoint.Save(path),
            Throws.InstanceOf<IOException>().Or.InstanceOf<UnauthorizedAccessException>());
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
    }

    /// <summary>After the first checkpoint, the disk fills part way through each later one (its first 1,000 bytes
    /// are written, the rest fail with the kernel's ENOSPC from /dev/full): the run stops with one line naming the
    /// checkpoint and the first one as the newest readable, which loads; no temporary file is left.</summary>
    [TestCase(1000)]
    [TestCase(0)]
    public void WriteFailingPartWay_LeavesThePreviousCheckpointNewest_AndSaysSo(int bytes)
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.CheckpointInterval = 10;
        using var trainer = new Trainer(config, TrainingData.Load(config, "unused"));
        var progress = new FillTheDiskAfterTheFirst(trainer, bytes);

        var error = Assert.Throws<IOException>(() => trainer.Run(progress))!;
        var output = trainer.OutputDir!;
        var second = Path.Combine(output, Checkpoint.FileName(20));
        Assert.That(error.Message, Is.EqualTo($"cannot write {second}: the disk is full; the newest readable " +
                                              $"checkpoint is {Checkpoint.FileName(10)} in the same folder"));
        Assert.That(Directory.GetFiles(output).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { Checkpoint.FileName(10), "loss.csv" }));
        using var newest = Checkpoint.Load(Checkpoint.Resolve(output));
        Assert.That(newest.Step, Is.EqualTo(10));
        Assert.That(LossCsv.Read(Path.Combine(output, "loss.csv")), Is.EqualTo(newest.History));
    }

    private sealed class FillTheDiskAfterTheFirst(Trainer trainer, int bytes) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            if (value.Checkpoint is not null)
                trainer.Directory!.CheckpointStream = stream => new FullDiskStream(stream, bytes);
        }
    }

    [Test]
    public void TruncatedOrCorrupt_IsAClearError()
    {
        using var dir = new TempDir();
        var path = Checkpoint.Resolve(TrainOnce(dir));
        var bytes = File.ReadAllBytes(path);
        var truncated = dir.File("truncated.nsck");
        File.WriteAllBytes(truncated, bytes.Take(bytes.Length / 2).ToArray());
        Assert.That(Assert.Throws<InvalidDataException>(() => Checkpoint.Load(truncated))!.Message,
            Does.Contain("truncated or corrupt"));
        var flipped = (byte[])bytes.Clone();
        flipped[bytes.Length / 2] ^= 0xFF;
        var corrupt = dir.File("corrupt.nsck");
        File.WriteAllBytes(corrupt, flipped);
        Assert.That(Assert.Throws<InvalidDataException>(() => Checkpoint.Load(corrupt))!.Message,
            Does.Contain("SHA-256"));
        var notOurs = dir.File("other.nsck", "import os; os.system('echo pwned')");
        Assert.That(Assert.Throws<InvalidDataException>(() => Checkpoint.Load(notOurs))!.Message,
            Does.Contain("not a NegSampling checkpoint"));
    }

    [Test]
    public void RoundTrip_KeepsEveryField()
    {
        using var dir = new TempDir();
        var path = Checkpoint.Resolve(TrainOnce(dir));
        using var loaded = Checkpoint.Load(path);
        var copy = dir.File("copy.nsck");
        loaded.Save(copy);
        Assert.That(File.ReadAllBytes(copy), Is.EqualTo(File.ReadAllBytes(path)));
    }

    /// <summary>A tensor of more than 2^31 bytes (as W_in of 3M words x 200 is) is saved and read back whole: no
    /// span of the whole tensor or file is made.</summary>
    [Test]
    public void ATensorPastTwoGigabytes_RoundTrips()
    {
        using var dir = new TempDir();
        using var small = Checkpoint.Load(Checkpoint.Resolve(TrainOnce(dir)));
        const long length = (1L << 31) + 4099;
        using var big = torch.zeros(length, torch.ScalarType.Byte);
        foreach (var (at, value) in new[] { (0L, 7), ((1L << 31) - 2, 9), (length - 3, 11) })
            big.narrow(0, at, 3).fill_(value);
        var tensors = new Dictionary<string, torch.Tensor>(small.Tensors) { ["big"] = big };
        var checkpoint = new Checkpoint
        {
            Config = small.Config,
            Words = small.Words,
            Counts = small.Counts,
            Epoch = small.Epoch,
            Iteration = small.Iteration,
            Step = small.Step,
            OptimizerSteps = small.OptimizerSteps,
            SamplerState = small.SamplerState,
            PendingLossSum = small.PendingLossSum,
            PendingLossCount = small.PendingLossCount,
            History = small.History,
            Tensors = tensors,
        };
        var path = dir.File("big.nsck");
        checkpoint.Save(path);
        Assert.That(new FileInfo(path).Length, Is.GreaterThan(length));
        using var loaded = Checkpoint.Load(path);
        Assert.That(loaded.Tensors["big"].shape, Is.EqualTo(new[] { length }));
        Assert.That(loaded.Tensors["big"].Equals(big), Is.True, "every byte");
        Assert.That(loaded.Tensors["big"].narrow(0, (1L << 31) - 3, 5).data<byte>().ToArray(),
            Is.EqualTo(new byte[] { 0, 9, 9, 9, 0 }), "across 2^31");
        Assert.That(loaded.Tensors["W_in"].Equals(small.Tensors["W_in"]), Is.True);
    }
}

using System.Diagnostics;
using NegSampling.Formats;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Cli;

/// <summary>A live run holds its run folder: a second process is refused at once, whatever it asks; a killed run
/// leaves no lock behind.</summary>
[TestFixture, Category("Cli")]
public sealed class RunLockTests
{
    [Test]
    public void SecondProcess_IsRefusedWhileARunTrains_AndAKilledRunLeavesNoLock()
    {
        using var dir = new TempDir();
        var (config, cli) = TinyRun.Long(dir);
        config.Epochs = 100;
        config.CheckpointInterval = 200;
        var path = TinyRun.WriteConfig(dir, config);
        var start = new ProcessStartInfo("dotnet", [cli, "train", "--config", path]) { RedirectStandardOutput = true };
        using var live = Process.Start(start)!;
        try
        {
            // Until the first checkpoint is written, then no further: the run, its pipe full, waits on.
            while (live.StandardOutput.ReadLine() is { } line
                   && !line.StartsWith("checkpoint: ", StringComparison.Ordinal))
            {
            }
            Assert.That(live.HasExited, Is.False, "the first run trains on");
            var refusal = $"error: {config.OutputDir} is in use by a run training there now (process {live.Id}); " +
                          "wait for it to end or stop it, or write elsewhere with --set outputDir=DIR (--overwrite " +
                          "never replaces a live run's files)";
            foreach (var args in new[]
                     {
                         new[] { "train", "--config", path, "--set", "epochs=1" },
                         ["train", "--config", path, "--set", "epochs=1", "--overwrite"],
                         ["train", "--resume", config.OutputDir!, "--set", "epochs=1"],
                     })
            {
                var second = CliRunner.Run(args);
                Assert.That((second.ExitCode, second.Err.TrimEnd()), Is.EqualTo((1, refusal)), string.Join(" ", args));
            }
            Assert.That(Checkpoint.List(config.OutputDir!), Is.Not.Empty, "the live run's checkpoints are there");
            Assert.That(live.HasExited, Is.False);

            live.Kill(); // SIGKILL: no handler runs, only the kernel lets go of the lock
            live.WaitForExit();
            var next = CliRunner.Run("train", "--config", path, "--set", "epochs=1", "--set", "maxTokens=3000",
                "--overwrite");
            Assert.That(next.ExitCode, Is.EqualTo(0), next.Err);
        }
        finally
        {
            if (!live.HasExited) live.Kill();
        }
    }
}

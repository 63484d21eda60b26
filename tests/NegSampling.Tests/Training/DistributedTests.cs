using System.Diagnostics;
using System.Runtime.InteropServices;
using NegSampling.Distributed;
using NegSampling.Formats;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Training;

/// <summary>Training on several processes (mpirun's ranks): the averaging, a 2-rank run's determinism and resume, a
/// killed rank, a vocabulary that differs; and a process alone, which never loads OpenMPI and trains as before. The
/// jobs run 2 ranks on this machine; without mpirun they are skipped with the reason.</summary>
[TestFixture, Category("Distributed")]
public sealed class DistributedTests
{
    private const int ChunkTokens = 65_536;

    /// <summary>The fast config of the resume tests (202,500 tokens: 4 chunks an epoch), made quicker: alias draws
    /// and the fused kernels, batches of 256 (about 256 steps a chunk).</summary>
    private static TrainingConfig Quick(TempDir dir, string output)
    {
        var config = HogwildResumeTests.FastConfig(dir, output);
        (config.Sampler, config.BatchSize, config.CheckpointInterval) = (SamplerMode.Alias, 256, 0);
        return config;
    }

    [Test]
    public void FromEnvironment_IsARankOnlyWhenMpirunStartedSeveral()
    {
        Assert.That(RankGroup.FromEnvironment(_ => null), Is.Null, "no mpirun");
        var one = new Dictionary<string, string> { ["OMPI_COMM_WORLD_SIZE"] = "1", ["OMPI_COMM_WORLD_RANK"] = "0" };
        Assert.That(RankGroup.FromEnvironment(one.GetValueOrDefault), Is.Null, "mpirun -np 1");
        var second = new Dictionary<string, string>
        {
            ["OMPI_COMM_WORLD_SIZE"] = "3",
            ["OMPI_COMM_WORLD_RANK"] = "1",
            ["OMPI_COMM_WORLD_LOCAL_RANK"] = "1",
        };
        Assert.That(RankGroup.FromEnvironment(second.GetValueOrDefault), Is.EqualTo((1, 3, 1)));
    }

    /// <summary>At N = 1 the ranks' code path (rounds of syncTokens, each chunk at the rate of where it starts) gives
    /// the weights of today's path bit for bit; and a run without mpirun never loads libmpi.</summary>
    [Test]
    public void OneProcess_TheRanksPathAtOneRankEqualsTodaysRun_AndOpenMpiIsNeverLoaded()
    {
        using var dir = new TempDir();
        var alone = Quick(dir, "alone");
        alone.SyncTokens = ChunkTokens;
        using var today = new Trainer(alone, TrainingData.Load(alone, "unused"));
        today.Run();
        var single = Quick(dir, "single");
        single.SyncTokens = ChunkTokens;
        using var ranksPath = new Trainer(single, TrainingData.Load(single, "unused"), ranks: RankGroup.Single);
        ranksPath.Run();
        Assert.That(ranksPath.Averaging!.Syncs, Is.EqualTo(2 * 4), "a sync after each of 4 chunks, 2 epochs");
        Assert.That(Numeric.BitIdentical(ranksPath.Model.WIn, today.Model.WIn), Is.True, "W_in");
        Assert.That(Numeric.BitIdentical(ranksPath.Model.WOut, today.Model.WOut), Is.True, "W_out");
        Assert.That(ranksPath.History, Is.EqualTo(today.History));

        var library = Quick(dir, "library");
        library.Epochs = 1;
        using (var run = TrainingRun.Start(library))
        {
            run.Run();
            Assert.That((run.Rank, run.Ranks, run.SyncCount), Is.EqualTo((0, 1, 0L)));
        }
        Assert.That(File.ReadAllText("/proc/self/maps"), Does.Not.Contain("libmpi"), "OpenMPI loaded");
    }

    [Test]
    public void FaithfulMode_AsARank_IsRefusedNamingTheKey()
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        var e = Assert.Throws<ConfigException>(() =>
            new Trainer(config, TrainingData.Load(config, "unused"), ranks: RankGroup.Single).Dispose());
        Assert.That(e!.Message, Does.Contain("mode").And.Contain("fast"));
    }

    /// <summary>The probe fills rank r's 3,000 x 3 matrices with (r + 1) k at element k, so the mean over ranks 0 and
    /// 1 is 1.5 k: a full sync gives every element that; tiered syncs 1 to 4 give it to the rows of the top 1,024,
    /// 2,048, 1,024 and (4,096 capped) 3,000 counts, and leave the others as the rank had them.</summary>
    [Test]
    public void Averaging_OverTwoRanks_IsTheMeanWorkedOutByHand_FullAndTiered()
    {
        using var dir = RunProbe();
        const int rows = 3000, width = 3;
        int[] averagedRows = [1024, 2048, 1024, 3000];
        for (var rank = 0; rank < 2; rank++)
        {
            AssertFullSync(dir, rank, "full", 1.5f);
            for (var sync = 1; sync <= 4; sync++)
            {
                var top = averagedRows[sync - 1];
                // Counts i * 7919 mod 3000 (a permutation of 0..2999): the top rows have counts >= 3000 - top.
                var shuffled = Values<float>(dir, rank, $"tiered-shuffled-{sync}");
                var ordered = Values<float>(dir, rank, $"tiered-ordered-{sync}");
                for (var i = 0; i < rows; i++)
                    for (var j = 0; j < width; j++)
                    {
                        var k = i * width + j;
                        var own = (rank + 1f) * k;
                        Assert.That(shuffled[k], Is.EqualTo(i * 7919 % rows >= rows - top ? 1.5f * k : own),
                            $"rank {rank}, sync {sync}, shuffled counts, row {i}");
                        Assert.That(ordered[k], Is.EqualTo(i < top ? 1.5f * k : own),
                            $"rank {rank}, sync {sync}, counts in id order, row {i}");
                    }
            }
        }
    }

    /// <summary>Summing, the probe marks element k at k on both ranks and adds (r + 1) k on rank r before each sync:
    /// a full sync gives k + (1 + 2) k = 4k. Over tiered syncs 1 to 4 (the top 1,024, 2,048, 1,024 and 3,000 rows) a
    /// row synced at sync s holds k + 3sk, everything both ranks added; one that is not holds its value at its last
    /// sync s' (k + 3s'k, or k when never) plus its rank's own (r + 1) k for each sync since.</summary>
    [Test]
    public void SummingUpdates_OverTwoRanks_IsTheSumWorkedOutByHand_FullAndTiered()
    {
        using var dir = RunProbe();
        const int rows = 3000, width = 3;
        int[] syncedRows = [1024, 2048, 1024, 3000];
        for (var rank = 0; rank < 2; rank++)
        {
            AssertFullSync(dir, rank, "sum-full", 4f);
            foreach (var name in new[] { "shuffled", "ordered" })
            {
                // A row's place among the most frequent: counts i * 7919 mod 3000 (a permutation), or id order.
                bool Synced(int row, int sync) => name == "ordered"
                    ? row < syncedRows[sync - 1]
                    : row * 7919 % rows >= rows - syncedRows[sync - 1];
                for (var sync = 1; sync <= 4; sync++)
                {
                    var values = Values<float>(dir, rank, $"sum-tiered-{name}-{sync}");
                    for (var i = 0; i < rows; i++)
                    {
                        var lastSync = Enumerable.Range(1, sync).LastOrDefault(s => Synced(i, s));
                        for (var j = 0; j < width; j++)
                        {
                            var k = i * width + j;
                            var expected = (1 + 3f * lastSync) * k + (rank + 1f) * (sync - lastSync) * k;
                            Assert.That(values[k], Is.EqualTo(expected),
                                $"rank {rank}, sync {sync}, {name} counts, row {i}");
                        }
                    }
                }
            }
        }
    }

    /// <summary>The probe's files, written by its 2 ranks.</summary>
    private static TempDir RunProbe()
    {
        var dir = new TempDir();
        var (code, _, err) = MpiJob.Run(2, MpiJob.Probe, dir.Path);
        Assert.That(code, Is.EqualTo(0), err);
        return dir;
    }

    /// <summary>A full sync of the probe's float32 and float64 matrices: element k is <paramref name="times"/> k on
    /// every rank.</summary>
    private static void AssertFullSync(TempDir dir, int rank, string name, float times)
    {
        var single = Values<float>(dir, rank, $"{name}-float32");
        var dbl = Values<double>(dir, rank, $"{name}-float64");
        for (var k = 0; k < single.Length; k++)
        {
            Assert.That(single[k], Is.EqualTo(times * k), $"rank {rank}, {name}, float32 element {k}");
            Assert.That(dbl[k], Is.EqualTo((double)times * k), $"rank {rank}, {name}, float64 element {k}");
        }
        Assert.That((single.Length, dbl.Length), Is.EqualTo((9000, 9000)), "3,000 x 3 of each");
    }

    private static T[] Values<T>(TempDir dir, int rank, string name) where T : unmanaged =>
        MemoryMarshal.Cast<byte, T>(File.ReadAllBytes(Path.Combine(dir.Path, $"rank{rank}-{name}.bin"))).ToArray();

    /// <summary>The quick config with a round of one chunk per rank and a checkpoint due at every round's
    /// end.</summary>
    private static (TrainingConfig Config, string Path) RankConfig(TempDir dir, string output, int epochs = 2,
        bool sumRankUpdates = false)
    {
        var config = Quick(dir, output);
        (config.Epochs, config.SyncTokens, config.CheckpointInterval, config.KeepCheckpoints, config.SumRankUpdates) =
            (epochs, 2 * ChunkTokens, 100, 50, sumRankUpdates);
        return (config, TinyRun.WriteConfig(dir, config, output + ".json"));
    }

    private static (int ExitCode, string Out, string Err) TrainOnTwoRanks(params string[] args) =>
        MpiJob.Run(2, MpiJob.Cli, ["train", .. args]);

    private static Checkpoint Newest(string directory) => Checkpoint.Load(Checkpoint.Resolve(directory));

    /// <summary>Averaging or summing the ranks' updates (summing keeps each rank's copy of the weights at the last
    /// sync, which a resumed run must take again from the checkpoint's weights).</summary>
    [Test]
    public void TwoRanks_OneWorkerEach_AreDeterministic_AndResumedEndWhereTheStraightRunEnds(
        [Values(false, true)] bool sumRankUpdates)
    {
        using var dir = new TempDir();
        var (first, firstPath) = RankConfig(dir, "first", sumRankUpdates: sumRankUpdates);
        var run = TrainOnTwoRanks("--config", firstPath);
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Err);
        Assert.That(run.Out.Split('\n').Count(l => l.StartsWith("done:", StringComparison.Ordinal)), Is.EqualTo(1),
            "rank 0 alone reports");
        Assert.That(run.Out, Does.Contain("2 ranks: 4 syncs"), "two rounds an epoch, two epochs");
        var (second, secondPath) = RankConfig(dir, "second", sumRankUpdates: sumRankUpdates);
        Assert.That(TrainOnTwoRanks("--config", secondPath).ExitCode, Is.EqualTo(0));
        using var a = Newest(first.OutputDir!);
        using var b = Newest(second.OutputDir!);
        Assert.That(Numeric.BitIdentical(a.Tensor(Checkpoint.WIn), b.Tensor(Checkpoint.WIn)), Is.True, "W_in");
        Assert.That(Numeric.BitIdentical(a.Tensor(Checkpoint.WOut), b.Tensor(Checkpoint.WOut)), Is.True, "W_out");
        Assert.That((a.Ranks, a.Syncs), Is.EqualTo((2, 4L)));

        var middle = Checkpoint.List(first.OutputDir!).Select(Checkpoint.Load).ToList();
        var chosen = middle.First(c => (c.Epoch, c.Chunk) == (1, 2));
        Assert.That((chosen.Ranks, chosen.Syncs), Is.EqualTo((2, 3L)), "written after the third sync");
        var resumedDir = Path.Combine(dir.Path, "resumed");
        var resumed = TrainOnTwoRanks("--resume", chosen.LoadedFrom!, "--set", $"outputDir={resumedDir}");
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Err);
        using var c = Newest(resumedDir);
        Assert.That(Numeric.BitIdentical(c.Tensor(Checkpoint.WIn), a.Tensor(Checkpoint.WIn)), Is.True, "W_in");
        Assert.That(Numeric.BitIdentical(c.Tensor(Checkpoint.WOut), a.Tensor(Checkpoint.WOut)), Is.True, "W_out");
        Assert.That(c.History, Is.EqualTo(a.History));

        // One process goes on from the same checkpoint: its rounds are the chunks that are left.
        var aloneDir = Path.Combine(dir.Path, "alone");
        var alone = CliRunner.Run("train", "--resume", chosen.LoadedFrom!, "--set", $"outputDir={aloneDir}");
        Assert.That(alone.ExitCode, Is.EqualTo(0), alone.Err);
        using var d = Newest(aloneDir);
        Assert.That((d.Epoch, d.Ranks), Is.EqualTo((2, 1)));
        foreach (var m in middle) m.Dispose();
    }

    /// <summary>Adam's moments and Adagrad's accumulators follow each rank's own updates, which the syncs do not
    /// share, so rank 0's checkpoint could not resume the others: refused before any step, as SGD runs.</summary>
    [TestCase("adagrad")]
    [TestCase("adam")]
    public void AnOptimizerWithPerRowState_OnTwoRanks_IsRefusedInOneLine(string optimizer)
    {
        using var dir = new TempDir();
        var (_, path) = RankConfig(dir, "stateful");
        var (code, _, err) = TrainOnTwoRanks("--config", path, "--set", $"optimizer={optimizer}");
        Assert.That(code, Is.EqualTo(1), err);
        Assert.That(err, Does.Contain($"key 'optimizer': \"{optimizer}\" keeps per-row state that the ranks' syncs " +
            "do not share; mpirun started 2"));
        Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void ARankWithAnotherVocabulary_IsRefusedInOneLine()
    {
        using var dir = new TempDir();
        var (_, path) = RankConfig(dir, "ours");
        var (other, _) = RankConfig(dir, "other");
        other.Corpus = dir.File("other.txt",
            PlantedCorpus.Text(groups: 4, wordsPerGroup: 4, sentences: 2_000, sentenceLength: 8, seed: 9));
        var otherPath = TinyRun.WriteConfig(dir, other, "other.json");
        var (code, _, err) = MpiJob.Run(1, MpiJob.Cli, "train", "--config", path, ":", "-np", "1", "dotnet",
            MpiJob.Cli, "train", "--config", otherPath);
        Assert.That(code, Is.Not.EqualTo(0));
        Assert.That(err, Does.Contain("rank 1 of 2 on").And.Contain("another vocabulary than rank 0"));
        Assert.That(err, Does.Not.Contain("   at "), "no stack trace");
    }

    [Test]
    public void AKilledRank_EndsTheJobWithin30Seconds_AndTheNewestCheckpointResumes()
    {
        using var dir = new TempDir();
        var (config, path) = RankConfig(dir, "killed", epochs: 400);
        config.CheckpointInterval = 0;
        path = TinyRun.WriteConfig(dir, config, "killed.json");
        using var job = MpiJob.Start(2, MpiJob.Cli, "train", "--config", path);
        var waited = Stopwatch.StartNew();
        while (Checkpoint.List(config.OutputDir!).Count == 0 && !job.Exited && waited.Elapsed < TimeSpan.FromMinutes(2))
            Thread.Sleep(100);
        Assert.That(job.Exited, Is.False, "still training when killed");
        var ranks = MpiJob.RankProcesses(1, path);
        Assert.That(ranks, Has.Count.EqualTo(1), "rank 1's process");
        var killed = Stopwatch.StartNew();
        Process.GetProcessById(ranks[0]).Kill(); // SIGKILL
        var (code, _, _) = job.Wait(TimeSpan.FromSeconds(30));
        Assert.That(code, Is.Not.EqualTo(0));
        TestContext.Out.WriteLine($"the job ended {killed.Elapsed.TotalSeconds:0.0} s after the kill");

        using var newest = Newest(config.OutputDir!);
        var resumed = CliRunner.Run("train", "--resume", config.OutputDir!, "--set", $"epochs={newest.Epoch + 1}",
            "--set", $"outputDir={Path.Combine(dir.Path, "resumed")}");
        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Err);
    }
}

using System.Diagnostics;
using NegSampling.Data;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Data;

[TestFixture, Category("Data")]
public sealed class IdCacheTests
{
    private static int[] Ids(TrainingData data)
    {
        var ids = new int[data.Ids.Length];
        data.Ids.CopyTo(0, ids);
        return ids;
    }

    private static TrainingConfig Config(TempDir dir)
    {
        var config = TinyRun.Config(dir);
        config.CorpusCache = Path.Combine(dir.Path, "cache");
        return config;
    }

    [Test]
    public void SecondLoad_IsMappedFromTheCache_WithTheSameVocabularyAndIds()
    {
        using var dir = new TempDir();
        var config = Config(dir);
        using var first = TrainingData.Load(config, "unused");
        using var second = TrainingData.Load(config, "unused");
        Assert.That((first.FromCache, second.FromCache), Is.EqualTo((false, true)));
        Assert.That(second.Ids.IsMapped, Is.True);
        Assert.That(second.Vocabulary.Words, Is.EqualTo(first.Vocabulary.Words));
        Assert.That(second.Vocabulary.Counts, Is.EqualTo(first.Vocabulary.Counts));
        Assert.That(Ids(second), Is.EqualTo(Ids(first)));

        var other = Config(dir);
        other.MinCount = 2;
        using var third = TrainingData.Load(other, "unused");
        Assert.That(third.FromCache, Is.False, "another minCount is another entry");
    }

    /// <summary>Another process (util-linux flock, which takes the same flock as .NET's FileShare.None) holds the
    /// entry's lock while it fills the entry: the load waits for it, then maps the entry that process wrote instead of
    /// reading the corpus and writing over it; no temporary file is left.</summary>
    [Test]
    public void WhileAnotherProcessFillsTheEntry_TheLoadWaits_ThenMapsThatProcesssEntry()
    {
        using var dir = new TempDir();
        var config = Config(dir);
        var cache = Directory.CreateDirectory(config.CorpusCache!).FullName;
        var settings = TrainingData.SettingsOf(config);
        var key = IdCache.Key(config.Corpus, settings);
        var start = new ProcessStartInfo("flock", [IdCache.LockPath(cache, key), "sh", "-c", "echo held; exec cat"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
        };
        using var other = Process.Start(start)!;
        try
        {
            Assert.That(other.StandardOutput.ReadLine(), Is.EqualTo("held"));
            var load = Task.Run(() => TrainingData.Load(config, "unused"));
            Assert.That(load.Wait(TimeSpan.FromSeconds(2)), Is.False, "waits while the other process holds the lock");

            // The other process's entry: the first 100 tokens only, so that mapping it is told from reading afresh.
            var (vocabulary, ids) = CorpusReader.Read(config.Corpus, settings with { MaxTokens = 100 });
            using (ids) IdCache.Save(cache, key, vocabulary, ids);
            other.StandardInput.Close();
            other.WaitForExit();

            Assert.That(load.Wait(TimeSpan.FromSeconds(30)), Is.True);
            using var data = load.Result;
            Assert.That((data.FromCache, data.Ids.Length), Is.EqualTo((true, 100L)));
            Assert.That(Directory.GetFiles(cache, "*.tmp"), Is.Empty);
        }
        finally
        {
            if (!other.HasExited) other.Kill();
        }
    }

    [Test]
    public void ChangedCorpus_IsReadAfresh()
    {
        using var dir = new TempDir();
        var config = Config(dir);
        TrainingData.Load(config, "unused").Dispose();
        File.WriteAllText(config.Corpus,
            PlantedCorpus.Text(groups: 2, wordsPerGroup: 3, sentences: 50, sentenceLength: 5, seed: 9));
        using var again = TrainingData.Load(config, "unused");
        Assert.That(again.FromCache, Is.False);
        Assert.That(again.Vocabulary.Count, Is.EqualTo(7), "2 x 3 words and <eos>");
    }

    [TestCase("vocab")]
    [TestCase("ids")]
    public void DamagedEntry_IsIgnoredAndWrittenAgain(string damaged)
    {
        using var dir = new TempDir();
        var config = Config(dir);
        int[] fresh;
        using (var first = TrainingData.Load(config, "unused")) fresh = Ids(first);
        var file = Directory.GetFiles(config.CorpusCache!, "*." + damaged).Single();
        if (damaged == "vocab") File.WriteAllText(file, "{\"formatVersion\": 1, \"tokens\": 5, \"wo");
        else File.WriteAllBytes(file,
            Enumerable.Repeat((byte)0xFF, (int)new FileInfo(file).Length).ToArray()); // ids past V
        using var again = TrainingData.Load(config, "unused");
        Assert.That(again.FromCache, Is.False);
        Assert.That(Ids(again), Is.EqualTo(fresh));
        using var third = TrainingData.Load(config, "unused");
        Assert.That(third.FromCache, Is.True, "rewritten");
    }
}

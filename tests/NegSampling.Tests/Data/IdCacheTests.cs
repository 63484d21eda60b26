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

using NegSampling.Data;
using NegSampling.Formats;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Training;

/// <summary>A run that grows a trained model's vocabulary by a new corpus's words (train --init-from MODEL
/// --grow-vocabulary): ids, rows, merged counts, training, resume and refusals.</summary>
[TestFixture, Category("Training")]
public sealed class VocabularyGrowthTests
{
    // Hand-counted: the old corpus's tokens are a b c a <eos> b a d <eos> (a 3, b 2, c 1, <eos> 2, d 1); the new
    // one's e f f a <eos> g f e b <eos> (e 2, f 3, a 1, <eos> 2, g 1, b 1).
    private const string OldText = "a b c a\nb a d\n";
    private const string NewText = "e f f a\ng f e b\n";
    private static readonly string[] OldWords = ["a", "b", "c", ByteTokenizer.EndOfSentence, "d"];

    /// <summary>A one-epoch faithful run on <paramref name="text"/> into dir/name; returns the run directory.</summary>
    private static string Trained(TempDir dir, string text, string name)
    {
        var config = Config(dir, dir.File(name + ".txt", text), name);
        using var run = TrainingRun.Start(config);
        run.Run();
        return config.OutputDir!;
    }

    private static TrainingConfig Config(TempDir dir, string corpus, string name)
    {
        var config = TinyRun.Config(dir, corpus);
        (config.Window, config.Negatives, config.BatchSize, config.Epochs) = (1, 1, 2, 1);
        config.OutputDir = Path.Combine(dir.Path, name);
        return config;
    }

    [TestCase(VocabularyOrder.FirstOccurrence, new[] { "e", "f" }, new long[] { 2, 3 })]
    [TestCase(VocabularyOrder.Frequency, new[] { "f", "e" }, new long[] { 3, 2 })]
    public void Grown_KeepsTheOldIdsAndRows_AppendsTheNewWords_AndMergesTheCounts(VocabularyOrder order,
        string[] added, long[] addedCounts)
    {
        using var dir = new TempDir();
        var old = Trained(dir, OldText, "old");
        var config = Config(dir, dir.File("new.txt", NewText), "grown");
        (config.MinCount, config.VocabOrder) = (2, order); // g (once) is not added; b (once) is old, so kept
        using (var run = TrainingRun.Start(config, initFrom: old, growVocabulary: true))
        {
            using var initial = ModelWeights.FromCheckpoint(old);
            using var start = run.Weights();
            Assert.That(initial.Words, Is.EqualTo(OldWords));
            Assert.That(start.Words, Is.EqualTo(OldWords.Concat(added)));
            Assert.That(Same(start.WIn.narrow(0, 0, 5), initial.WIn), "old W_in rows, bit for bit");
            Assert.That(Same(start.WOut.narrow(0, 0, 5), initial.WOut), "old W_out rows, bit for bit");
            Assert.That(start.WIn.narrow(0, 5, 2).abs().max().item<float>(), Is.InRange(1e-4, 0.1),
                "new rows drawn as the book's 0.01 x randn");
            Assert.That(run.CorpusTokens, Is.EqualTo(9), "g's token dropped");
            run.Run();
        }
        using var saved = Checkpoint.Load(Checkpoint.Resolve(config.OutputDir!));
        Assert.That(saved.Words, Is.EqualTo(OldWords.Concat(added)));
        Assert.That(saved.Counts, Is.EqualTo(new long[] { 4, 3, 1, 4, 1 }.Concat(addedCounts)));
        Assert.That(saved.GrownFrom, Is.EqualTo(5));

        using var data = VocabularyGrowth.Grown(config, new Vocabulary(saved.Words.Take(5).ToList(),
            [3, 2, 1, 2, 1]), c => TrainingData.Load(c, "unused"));
        var ids = new int[data.Ids.Length];
        data.Ids.CopyTo(0, ids);
        var (e, f) = order == VocabularyOrder.FirstOccurrence ? (5, 6) : (6, 5);
        Assert.That(ids, Is.EqualTo(new[] { e, f, f, 0, 3, f, e, 1, 3 }), "the new corpus's tokens, g's dropped");
        Assert.That(data.CorpusCounts, Is.EqualTo(new long[] { 1, 1, 0, 2, 0 }.Concat(addedCounts)),
            "subsampling counts the new corpus alone");
    }

    [Test]
    public void GrowingFrom_AFileWithoutCounts_OrAVocabularyWithAWordTwice_IsRefusedInOneLine_AndFromARunTrains()
    {
        using var dir = new TempDir();
        var old = Trained(dir, OldText, "old");
        using (var weights = ModelWeights.FromCheckpoint(old)) weights.Save(dir.File("old.pt"), VectorFormat.PyTorch);
        using (var checkpoint = Checkpoint.Load(Checkpoint.Resolve(old)))
            WithWords(checkpoint, ["a", "b", "c", "a", "d"]).Save(dir.File("twice.nsck"));
        var config = Config(dir, dir.File("new.txt", NewText), "grown");
        var configPath = TinyRun.WriteConfig(dir, config);

        var noCounts = CliRunner.Run("train", "--config", configPath, "--init-from", dir.File("old.pt"),
            "--grow-vocabulary");
        Assert.That(noCounts.ExitCode, Is.EqualTo(1));
        Assert.That(noCounts.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(noCounts.Err, Does.Contain("old.pt: a PyTorch state_dict file holds no word counts"));
        Assert.That(noCounts.Err, Does.Contain("pass the model's checkpoint or run directory"));
        var twice = CliRunner.Run("train", "--config", configPath, "--init-from", dir.File("twice.nsck"),
            "--grow-vocabulary");
        Assert.That(twice.ExitCode, Is.EqualTo(1));
        Assert.That(twice.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(twice.Err, Does.Contain("twice.nsck: word 'a' appears twice in the vocabulary"));
        var small = CliRunner.Run("train", "--config", configPath, "--init-from", old, "--grow-vocabulary", "--set",
            "maxVocab=4");
        Assert.That(small.ExitCode, Is.EqualTo(1));
        Assert.That(small.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(small.Err, Does.Contain("'maxVocab'): expected at least the initial model's 5 words when " +
            "growing its vocabulary (or none), found 4"));
        var missing = CliRunner.Run("train", "--config", configPath, "--grow-vocabulary");
        Assert.That(missing.ExitCode, Is.EqualTo(2));
        Assert.That(missing.Err, Does.Contain("--grow-vocabulary grows the vocabulary of --init-from MODEL"));
        Assert.That(Directory.Exists(config.OutputDir), Is.False, "nothing written");

        var grown = CliRunner.Run("train", "--config", configPath, "--init-from", old, "--grow-vocabulary");
        Assert.That(grown.ExitCode, Is.EqualTo(0), grown.Err);
        Assert.That(grown.Out, Does.Contain("vocabulary grown: the model's 5 words and 3 new ones of the corpus"));
    }

    [Test]
    public void Word2VecGrow_TrainsAModelFurtherWithTheCorpussNewWords()
    {
        using var dir = new TempDir();
        var old = Trained(dir, OldText, "old");
        var options = Config(dir, "set by Grow", "unused");
        options.OutputDir = null;
        using var model = Word2Vec.Grow(old, dir.File("new.txt", NewText), options);
        Assert.That(model.Completed);
        Assert.That(model.Vectors.Words, Is.EqualTo(OldWords.Concat(["e", "f", "g"])));
    }

    /// <summary>A checkpoint's copy with other words (its tensors shared: the copy is not disposed).</summary>
    private static Checkpoint WithWords(Checkpoint c, IReadOnlyList<string> words) => new()
    {
        Config = c.Config,
        Words = words,
        Counts = c.Counts,
        Epoch = c.Epoch,
        Iteration = c.Iteration,
        Step = c.Step,
        OptimizerSteps = c.OptimizerSteps,
        SamplerState = c.SamplerState,
        PendingLossSum = c.PendingLossSum,
        PendingLossCount = c.PendingLossCount,
        History = c.History,
        Tensors = c.Tensors,
    };

    [TestCase(TrainingMode.Faithful)]
    [TestCase(TrainingMode.Fast)]
    public void GrownRun_ResumedFromItsFirstEpoch_EndsOnTheStraightRunsWeights_AndAnotherCorpusIsRefused(
        TrainingMode mode)
    {
        using var dir = new TempDir();
        var old = Trained(dir, PlantedCorpus.Text(groups: 3, wordsPerGroup: 4, sentences: 300, sentenceLength: 8,
            seed: 1), "old");
        var newText = PlantedCorpus.Text(groups: 4, wordsPerGroup: 4, sentences: 400, sentenceLength: 8, seed: 2);
        var config = Config(dir, dir.File("new.txt", newText), "straight");
        (config.Mode, config.Epochs, config.Window, config.Negatives, config.BatchSize) = (mode, 2, 2, 3, 16);
        if (mode == TrainingMode.Fast)
            (config.Optimizer, config.Sampler, config.SubsamplingThreshold) = (OptimizerKind.Sgd,
                SamplerMode.Alias, 0);
        using (var straight = TrainingRun.Start(config, initFrom: old, growVocabulary: true))
        {
            Assert.That(straight.VocabularySize, Is.EqualTo(12 + 1 + 4), "group 3's words are new");
            straight.Run();
        }
        var first = Checkpoint.List(config.OutputDir!)[0];
        using var resumed = TrainingRun.Resume(first, [$"outputDir={dir.File("resumed")}"]);
        resumed.Run();
        using var end = ModelWeights.FromCheckpoint(config.OutputDir!);
        using var resumedEnd = resumed.Weights();
        Assert.That(resumedEnd.Words, Is.EqualTo(end.Words));
        Assert.That(Same(resumedEnd.WIn, end.WIn), "W_in bit for bit");
        Assert.That(Same(resumedEnd.WOut, end.WOut), "W_out bit for bit");

        File.AppendAllText(config.Corpus, "zz zz zz\n"); // zz would be a new word now
        var other = Assert.Throws<InvalidDataException>(() =>
            TrainingRun.Resume(first, [$"outputDir={dir.File("other")}"]).Dispose())!;
        Assert.That(other.Message, Does.Contain("its vocabulary was grown from 13 words by another corpus than"));
    }

    [Test]
    public void NewWord_UsedExactlyAsAnOldOne_EndsNearItsContextMates_AndAmongTheOldWordsNearest()
    {
        using var dir = new TempDir();
        var oldText = PlantedCorpus.Text(groups: 4, wordsPerGroup: 4, sentences: 2000, sentenceLength: 8, seed: 1);
        var old = Fast(dir, dir.File("old.txt", oldText), "old");
        using (var run = TrainingRun.Start(old)) run.Run();
        var oldWord = PlantedCorpus.Word(0, 0);
        var newText = PlantedCorpus.Text(groups: 4, wordsPerGroup: 4, sentences: 2000, sentenceLength: 8, seed: 2)
            .Replace(oldWord + " ", "novel ").Replace(oldWord + "\n", "novel\n");
        var grown = Fast(dir, dir.File("new.txt", newText), "grown");

        using var grownRun = TrainingRun.Start(grown, initFrom: old.OutputDir, growVocabulary: true);
        int oldId, newId;
        using (var before = grownRun.Weights())
        {
            (oldId, newId) = (before.Words.ToList().IndexOf(oldWord), before.Words.Count - 1);
            Assert.That(Nearest.Rows(before.WIn, oldId, 4), Does.Not.Contain(newId), "not near before training");
        }
        grownRun.Run();
        using var after = grownRun.Weights();
        Assert.That(after.Words[newId], Is.EqualTo("novel"));
        var words = after.Words.ToList();
        var unit = after.WIn / after.WIn.norm(1, keepdim: true);
        foreach (var mate in Enumerable.Range(1, 3).Select(i => PlantedCorpus.Word(0, i)))
            Assert.That(unit[newId].dot(unit[words.IndexOf(mate)]).item<float>(), Is.GreaterThan(0.9),
                $"novel shares {mate}'s contexts in the new corpus");
        Assert.That(Nearest.Rows(after.WIn, oldId, 4), Does.Contain(newId),
            "novel among the 4 nearest of the word it stands for (its 3 group mates and itself)");
    }

    /// <summary>
    /// The issue's acceptance: a model trained on PTB, grown by an epoch on text that holds none of its words but
    /// the line ends' &lt;eos&gt;, keeps each of those words' vectors (cosine with itself before and after above
    /// 0.9). They are never a context there, so their W_in rows stay; their W_out rows move as negatives, and
    /// &lt;eos&gt;'s W_in row moves, being in the text. Prints the figures README gives.
    /// </summary>
    [Test]
    public void OldVectors_AfterAnEpochOnTextWithoutTheirWords_KeepACosineAbove09WithThemselves()
    {
        var ptb = Path.Combine(Repository.DataDirectory, "ptb", "ptb.train.txt");
        if (!File.Exists(ptb)) Assert.Ignore($"{ptb} is not here");
        using var dir = new TempDir();
        var old = Fast(dir, ptb, "old");
        (old.MaxTokens, old.Epochs, old.HiddenSize, old.BatchSize, old.SubsamplingThreshold) = (200_000, 2, 50, 64,
            1e-3);
        using (var run = TrainingRun.Start(old)) run.Run();
        var newText = PlantedCorpus.Text(groups: 20, wordsPerGroup: 10, sentences: 8_000, sentenceLength: 8, seed: 3);
        var grown = Fast(dir, dir.File("new.txt", newText), "grown");
        (grown.Epochs, grown.HiddenSize, grown.BatchSize) = (1, 50, 64);
        using var before = ModelWeights.FromCheckpoint(old.OutputDir!);
        using var grownRun = TrainingRun.Start(grown, initFrom: old.OutputDir, growVocabulary: true);
        Assert.That(grownRun.VocabularySize, Is.EqualTo(before.Words.Count + 200), "every planted word is new");
        grownRun.Run();
        using var after = grownRun.Weights();
        var absent = Enumerable.Range(0, before.Words.Count).Where(i => before.Words[i] != ByteTokenizer.EndOfSentence)
            .Select(i => (long)i).ToArray();
        var eos = before.Words.ToList().IndexOf(ByteTokenizer.EndOfSentence);
        using var scope = NewDisposeScope();
        var rows = tensor(absent);
        var lowest = new Dictionary<string, float>();
        foreach (var (name, b, a) in new[] { ("W_in", before.WIn, after.WIn), ("W_out", before.WOut, after.WOut) })
        {
            var cosine = nn.functional.cosine_similarity(b, a.narrow(0, 0, b.shape[0]), dim: 1);
            var kept = cosine.index_select(0, rows);
            lowest[name] = kept.min().item<float>();
            var worst = before.Words[(int)absent[kept.argmin().item<long>()]];
            TestContext.Out.WriteLine($"{name}: the {absent.Length:N0} old words absent from the text: cosine with " +
                $"themselves min {lowest[name]:0.0000} ('{worst}'), mean {kept.mean().item<float>():0.0000}; " +
                $"<eos> {cosine[eos].item<float>():0.0000}");
        }
        Assert.That(lowest["W_in"], Is.GreaterThan(0.9));
    }

    /// <summary>The same shape and every element equal.</summary>
    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    private static TrainingConfig Fast(TempDir dir, string corpus, string name)
    {
        var config = TrainingConfig.FastCbow();
        (config.Corpus, config.HiddenSize, config.Workers, config.Epochs) = (corpus, 16, 1, 5);
        (config.SubsamplingThreshold, config.BatchSize, config.Device, config.Seed) = (0, 16, "cpu", 1);
        config.OutputDir = Path.Combine(dir.Path, name);
        return config;
    }
}

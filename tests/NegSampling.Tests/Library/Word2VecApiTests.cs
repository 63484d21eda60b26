using NegSampling.Formats;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Library;

/// <summary>The library's front door, used as a .NET user would: presets, options, progress, cancellation,
/// files.</summary>
[TestFixture, Category("Library")]
public sealed class Word2VecApiTests
{
    private static List<IReadOnlyList<string>> Sentences() =>
        PlantedCorpus.Text(groups: 3, wordsPerGroup: 4, sentences: 600, sentenceLength: 8, seed: 1)
            .Split('\n',
                StringSplitOptions.RemoveEmptyEntries).Select(l => (IReadOnlyList<string>)l.Split(' ')).ToList();

    private static TrainingConfig Small()
    {
        var options = TrainingConfig.FastCbow();
        (options.HiddenSize, options.Window, options.BatchSize, options.Epochs, options.Workers) = (8, 2, 16, 10, 1);
        (options.SubsamplingThreshold, options.LearningRate) = (0, 0.05);
        return options;
    }

    [Test]
    public void TrainFromSentences_LearnsThePlantedGroups_ReportsProgress_AndWritesNoFile()
    {
        using var dir = new TempDir();
        var before = Directory.GetFileSystemEntries(Directory.GetCurrentDirectory()).Length;
        var reports = new List<TrainingProgress>();
        using var model = Word2Vec.Train(Sentences(), Small(), new Progress(reports.Add));
        Assert.That(model.Vectors.Count, Is.EqualTo(13), "12 words and <eos>");
        for (var g = 0; g < 3; g++)
            Assert.That(model.Vectors.MostSimilar(PlantedCorpus.Word(g, 0), 3).Select(n => n.Word),
                Has.All.StartWith($"g{g}w"));
        Assert.That(reports[0].IsStart, Is.True, "the first report is the start's");
        Assert.That((reports[0].Step, reports[0].Fraction), Is.EqualTo((0L, 0.0)));
        Assert.That(reports.Skip(1).Select(r => r.IsStep), Is.All.True, "then steps: no outputDir, no checkpoints");
        Assert.That(reports.Skip(1).Select(r => r.Step), Is.EqualTo(Enumerable.Range(1, reports.Count - 1)));
        Assert.That(reports[^1].Fraction, Is.EqualTo(1).Within(1e-12));
        Assert.That(model.Completed, Is.True);
        Assert.That(Directory.GetFileSystemEntries(Directory.GetCurrentDirectory()), Has.Length.EqualTo(before),
            "no file written");
    }

    /// <summary>Before: "...: Word2Vec holds word vectors only", the format's name read as the class's.</summary>
    [Test]
    public void Load_OfAVectorFile_SaysWhatTheFileIs()
    {
        using var dir = new TempDir();
        var file = NegSampling.Tests.Evaluation.WordVectorsTests.ToyFile(dir);
        Assert.That(Assert.Throws<InvalidDataException>(() => Word2Vec.Load(file))!.Message, Is.EqualTo(
            $"{file}: a word2vec text file holds word vectors (W_in) only; both weights come from a checkpoint, a " +
            "PyTorch state_dict or safetensors (WordVectors.Load reads vector files)"));
    }

    private sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }

    [Test]
    public void Cancellation_StopsTheRun_AndGivesTheWeightsSoFar()
    {
        using var cancel = new CancellationTokenSource();
        var steps = 0;
        var options = Small();
        options.Epochs = 50;
        using var model = Word2Vec.Train(Sentences(), options,
            new Progress(_ => { if (++steps == 20) cancel.Cancel(); }), cancel.Token);
        Assert.That(steps, Is.LessThan(1000), "stopped well before 50 epochs");
        Assert.That(model.Vectors.Count, Is.EqualTo(13));
        Assert.That(model.Completed, Is.False, "says it was cancelled (before: nothing did)");
    }

    [TestCase(VectorFormat.Word2Vec, "v.txt")]
    [TestCase(VectorFormat.PyTorch, "m.pt")]
    [TestCase(VectorFormat.Safetensors, "m.safetensors")]
    public void SaveThenLoad_GivesTheSameVectors(VectorFormat format, string name)
    {
        using var dir = new TempDir();
        using var model = Word2Vec.Train(Sentences(), Small());
        var path = dir.File(name);
        model.Save(path, format);
        using var vectors = NegSampling.Evaluation.WordVectors.Load(path);
        if (format == VectorFormat.Word2Vec)
        {
            // The fast preset's vectors are written by falling count (ExportOrderTests): each word keeps its vector.
            Assert.That(vectors.Words, Is.EquivalentTo(model.Vectors.Words));
            foreach (var word in model.Vectors.Words)
                Assert.That(vectors.Vector(word), Is.EqualTo(model.Vectors.Vector(word)), word);
            return;
        }
        Assert.That(vectors.Words, Is.EqualTo(model.Vectors.Words), "the PyTorch formats keep the ids' order");
        Assert.That(Numeric.BitIdentical(vectors.Vectors, model.Vectors.Vectors), Is.True);
        var again = Word2Vec.Load(path);
        Assert.That(Numeric.BitIdentical(again.WOut, model.WOut), Is.True, "W_out travels too");
        again.Dispose();
        Assert.That(() => again.WOut, Throws.TypeOf<ObjectDisposedException>());
        Assert.That(() => again.Vectors.Vectors, Throws.TypeOf<ObjectDisposedException>());
    }

    /// <summary>Options are checked where they are set, naming the option; what only a combination makes wrong, when
    /// training starts.</summary>
    [Test]
    public void InvalidOptions_FailNamingTheOption()
    {
        var error = Assert.Throws<ConfigException>(() => _ = new TrainingConfig { HiddenSize = 0 })!;
        Assert.That(error.Message,
            Is.EqualTo("HiddenSize (config key 'hiddenSize'): expected an integer >= 1, found 0"));
        Assert.That(error.ParamName, Is.EqualTo("HiddenSize"));
        Assert.That(Assert.Throws<ConfigException>(() => TrainingConfig.FastCbow().LearningRate = -1)!.Message,
            Does.StartWith("LearningRate (config key 'learningRate'): expected a positive number"));
        var book = TrainingConfig.BookRecipe();
        book.Workers = 2;
        Assert.That(Assert.Throws<ConfigException>(() => Word2Vec.Train(Sentences(), book))!.Message,
            Does.Contain("key 'workers'").And.Contain("mode \"faithful\" does not use it"));
    }
}

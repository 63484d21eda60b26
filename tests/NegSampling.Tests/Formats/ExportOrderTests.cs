using System.Text.Json.Nodes;
using NegSampling.Data;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Formats;

/// <summary>
/// Vector exports come by falling frequency, as word2vec and gensim write them, unless the run asked for the book's
/// order; read back by gensim and numpy (reference/read_exports.py), each word keeps its own vector.
/// </summary>
[TestFixture, Category("Data")]
public sealed class ExportOrderTests
{
    // Counted by hand: b 3, c 4, a 2, d 2, e 1; first seen b c a d e (the ids); by count c b, then a and d tied
    // (a first, the lower id), then e.
    private static readonly string[] Corpus = ["b c a c", "d c b e", "a c d b"];
    private static readonly string[] FirstSeen = ["b", "c", "a", "d", "e"];
    private static readonly string[] ByCount = ["c", "b", "a", "d", "e"];

    private static readonly (VectorFormat Format, string Name, string File)[] VectorFormats =
    [
        (VectorFormat.Word2Vec, "word2vec", "v.txt"), (VectorFormat.Word2VecBinary, "word2vec-binary", "v.bin"),
        (VectorFormat.Float16, "float16", "v.npy"), (VectorFormat.Native, "native", "v.nsvec"),
    ];

    private static List<IReadOnlyList<string>> Sentences() =>
        [.. Corpus.Select(line => (IReadOnlyList<string>)line.Split(' '))];

    private static TrainingConfig Options(VocabularyOrder? order)
    {
        var options = TrainingConfig.FastCbow();
        (options.HiddenSize, options.Window, options.BatchSize, options.Epochs, options.Workers) = (4, 2, 4, 1, 1);
        (options.SubsamplingThreshold, options.AppendEos, options.VocabOrder) = (0, false, order);
        return options;
    }

    /// <summary>Every vector format of a model, read by gensim and numpy: the words and each word's vector.</summary>
    private static JsonNode Read(TempDir dir, Action<VectorFormat, string> save)
    {
        var python = ReferencePython.Require("gensim", "numpy");
        var arguments = new List<string>();
        foreach (var (format, name, file) in VectorFormats)
        {
            save(format, dir.File(file));
            arguments.AddRange([name, dir.File(file)]);
        }
        return JsonNode.Parse(ReferencePython.RunScript(python, "read_exports.py", [.. arguments]))!;
    }

    private static void AssertOrderAndVectors(JsonNode read, TempDir dir, string[] order, WordVectors model)
    {
        foreach (var (_, format, file) in VectorFormats)
        {
            var entry = read[dir.File(file)]!;
            var words = entry["words"]!.AsArray().Select(w => w!.GetValue<string>()).ToArray();
            Assert.That(words, Is.EqualTo(order), format);
            // float16 keeps 11 significant bits: a relative error of at most 2^-11 (2^-24 apart below 2^-14).
            var (relative, absolute) = format == "float16" ? (1.0 / 2048, Math.Pow(2, -24)) : (0, 0);
            for (var i = 0; i < words.Length; i++)
            {
                var theirs = entry["vectors"]![i]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
                var ours = model.Vector(words[i]);
                for (var j = 0; j < ours.Length; j++)
                    Assert.That(theirs[j], Is.EqualTo(ours[j]).Within(Math.Abs(ours[j]) * relative + absolute),
                        $"{format}: '{words[i]}' value {j}");
            }
            if (entry["limit2"] is { } limited)
                Assert.That(limited.AsArray().Select(w => w!.GetValue<string>()), Is.EqualTo(order[..2]),
                    $"{format}: gensim's limit=2");
        }
    }

    [Test]
    public void FastPreset_ExportsByFallingCount_TiesInIdOrder_EachWordWithItsVector()
    {
        using var dir = new TempDir();
        using var model = Word2Vec.Train(Sentences(), Options(TrainingConfig.FastCbow().VocabOrder));
        Assert.That(model.Vectors.Words, Is.EqualTo(FirstSeen), "the ids stay in order of first occurrence");
        var read = Read(dir, (format, path) => model.Save(path, format));
        AssertOrderAndVectors(read, dir, ByCount, model.Vectors);

        // The PyTorch formats keep the ids' order, so that their rows stay the checkpoint's ids (--init-from).
        model.Save(dir.File("m.pt"), VectorFormat.PyTorch);
        Assert.That(File.ReadAllLines(dir.File("m.vocab.txt")), Is.EqualTo(FirstSeen));
    }

    [Test]
    public void BookOrder_AskedFor_IsKept()
    {
        using var dir = new TempDir();
        using var model = Word2Vec.Train(Sentences(), Options(VocabularyOrder.FirstOccurrence));
        var read = Read(dir, (format, path) => model.Vectors.Save(path, format));
        AssertOrderAndVectors(read, dir, FirstSeen, model.Vectors);
    }

    /// <summary>The CLI's routes: train --export, export of the run's checkpoint (its counts and config) in a vector
    /// format and as the projector's files.</summary>
    [Test]
    public void Cli_TrainExport_AndExportOfTheCheckpoint_ByFallingCount()
    {
        using var dir = new TempDir();
        var config = Options(null);
        (config.Corpus, config.OutputDir, config.Name) = (dir.File("corpus.txt", string.Join('\n', Corpus) + "\n"),
            dir.File("run"), "order");
        var configFile = TinyRun.WriteConfig(dir, config);
        var train = CliRunner.Run("train", "--config", configFile, "--export", dir.File("trained.txt"));
        Assert.That(train.ExitCode, Is.EqualTo(0), train.Err);
        Assert.That(Word2VecWords(dir.File("trained.txt")), Is.EqualTo(ByCount));

        var export = CliRunner.Run("export", "--checkpoint", dir.File("run"), "--format", "word2vec-binary", "--out",
            dir.File("exported.bin"));
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Err);
        using (var exported = WordVectors.Load(dir.File("exported.bin")))
        using (var trained = WordVectors.Load(dir.File("trained.txt")))
        {
            Assert.That(exported.Words, Is.EqualTo(ByCount));
            foreach (var word in ByCount) Assert.That(exported.Vector(word), Is.EqualTo(trained.Vector(word)), word);
        }

        var projector = CliRunner.Run("export", "--checkpoint", dir.File("run"), "--format", "projector", "--out",
            dir.File("projector"));
        Assert.That(projector.ExitCode, Is.EqualTo(0), projector.Err);
        Assert.That(File.ReadAllLines(dir.File("projector/metadata.tsv")),
            Is.EqualTo(new[] { "word\tcount", "c\t4", "b\t3", "a\t2", "d\t2", "e\t1" }));
    }

    [Test]
    public void Projector_OfABookOrderRun_KeepsItsIds()
    {
        using var dir = new TempDir();
        var config = Options(VocabularyOrder.FirstOccurrence);
        (config.Corpus, config.OutputDir) = (dir.File("corpus.txt", string.Join('\n', Corpus) + "\n"), dir.File("run"));
        using (var run = TrainingRun.Start(config)) run.Run();
        using (var vectors = WordVectors.Load(dir.File("run")))
        using (var top = vectors.MostFrequent(3))
            top.Save(dir.File("projector"), VectorFormat.Projector);
        Assert.That(File.ReadAllLines(dir.File("projector/metadata.tsv")),
            Is.EqualTo(new[] { "word\tcount", "b\t3", "c\t4", "a\t2" }), "the three most frequent, in id order");
    }

    /// <summary>gensim's get_vecattr(word, "count"): a training's vectors and its checkpoint's have the corpus
    /// counts (counted by hand above), a run that drops a rare word too; an exported file holds none.</summary>
    [Test]
    public void Counts_OfATrainingAndItsCheckpoint_AreTheCorpusCounts_AnExportHasNone()
    {
        using var dir = new TempDir();
        var expected = new Dictionary<string, long> { ["b"] = 3, ["c"] = 4, ["a"] = 2, ["d"] = 2 };
        var config = Options(null);
        (config.Corpus, config.OutputDir, config.MinCount) =
            (dir.File("corpus.txt", string.Join('\n', Corpus) + "\n"), dir.File("run"), 2); // e (1) is dropped
        using (var run = TrainingRun.Start(config))
        {
            run.Run();
            using var trained = run.Vectors();
            Assert.That(Counted(trained), Is.EquivalentTo(expected));
            trained.Save(dir.File("v.txt"), VectorFormat.Word2Vec);
        }
        using (var checkpoint = WordVectors.Load(dir.File("run")))
            Assert.That(Counted(checkpoint), Is.EquivalentTo(expected));
        using (var limited = WordVectors.Load(dir.File("run"), limit: 2))
            Assert.That(Counted(limited), Has.Count.EqualTo(2).And.SubsetOf(expected));
        using (var model = Word2Vec.Load(dir.File("run")))
            Assert.That(Counted(model.Vectors), Is.EquivalentTo(expected));
        using var exported = WordVectors.Load(dir.File("v.txt"));
        Assert.That(exported.Counts, Is.Null);
    }

    private static Dictionary<string, long> Counted(WordVectors vectors)
    {
        Assert.That(vectors.Counts, Is.Not.Null);
        Assert.That(vectors.Counts, Has.Count.EqualTo(vectors.Count));
        return vectors.Words.Zip(vectors.Counts!).ToDictionary(p => p.First, p => p.Second);
    }

    private static string[] Word2VecWords(string path) =>
        [.. File.ReadLines(path).Skip(1).Select(line => line.Split(' ')[0])];
}

using System.Text.Json.Nodes;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Evaluation;

/// <summary>
/// WordVectors' queries against gensim's KeyedVectors (reference/gensim_queries.py) on the same file: the held-out
/// PTB co-occurrence vectors of <see cref="GensimAgreementTests"/>, 300 query words spread over the vocabulary.
/// </summary>
[TestFixture, Category("Evaluation")]
public sealed class GensimQueryTests
{
    private const double Tolerance = 1e-5;

    /// <summary>Runs gensim's side on a word2vec file and query words.</summary>
    internal static JsonNode Gensim(string file, IEnumerable<string> words, bool binary, TempDir dir,
        long? limit = null)
    {
        var python = ReferencePython.Require("gensim");
        var wordsFile = dir.File("queries.txt", string.Join('\n', words) + "\n");
        string[] arguments = [file, wordsFile, binary ? "--binary" : "--text",
            .. limit is { } n ? new[] { "--limit", n.ToString() } : []];
        return JsonNode.Parse(ReferencePython.RunScript(python, "gensim_queries.py", arguments))!;
    }

    /// <summary>Same scores (1e-5) in the same order, and the same words wherever the scores are not tied.</summary>
    internal static void AssertSame(IReadOnlyList<Neighbour> ours, JsonNode theirs, string what)
    {
        var expected = theirs.AsArray().Select(p => (Word: p![0]!.GetValue<string>(), Score: p[1]!.GetValue<double>()))
            .ToList();
        Assert.That(ours, Has.Count.EqualTo(expected.Count), what);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.That(ours[i].Similarity, Is.EqualTo(expected[i].Score).Within(Tolerance), $"{what}: score {i}");
            var tied = expected.Where((e, j) => j != i && Math.Abs(e.Score - expected[i].Score) < 1e-6).Any();
            if (!tied) Assert.That(ours[i].Word, Is.EqualTo(expected[i].Word), $"{what}: word {i}");
        }
    }

    private static void AssertValues(IReadOnlyList<float> ours, JsonNode theirs, string what) =>
        Assert.That(ours, Is.EqualTo(theirs.AsArray().Select(x => x!.GetValue<double>()).ToArray())
            .Within(Tolerance), what);

    [TestCase(true)]
    [TestCase(false)]
    public void EveryQuery_AsGensimAnswersIt(bool binary)
    {
        var train = Path.Combine(Repository.DataDirectory, "ptb", "ptb.train.txt");
        if (!File.Exists(train)) Assert.Ignore($"PTB is not in {Repository.DataDirectory}");
        using var dir = new TempDir();
        var file = dir.File(binary ? "v.bin" : "v.txt");
        string[] words;
        using (var made = GensimAgreementTests.CooccurrenceVectors(train))
        {
            made.Save(file, binary ? VectorFormat.Word2VecBinary : VectorFormat.Word2Vec);
            words = Enumerable.Range(0, 300).Select(i => made.Words[i * made.Count / 300]).ToArray();
        }
        var gensim = Gensim(file, words, binary, dir);
        using var wv = WordVectors.Load(file);
        Assert.That(wv.Words, Is.EqualTo(gensim["words"]!.AsArray().Select(w => w!.GetValue<string>())));

        var queries = gensim["queries"]!.AsArray();
        string W(int i) => words[i % words.Length];
        var batch = wv.MostSimilarBatch(words, 10);
        for (var i = 0; i < queries.Count; i++)
        {
            var q = queries[i]!;
            var w = W(i);
            Assert.That(q["word"]!.GetValue<string>(), Is.EqualTo(w));
            AssertSame(wv.MostSimilar(w, 10), q["mostSimilar"]!, $"most_similar({w})");
            AssertSame(batch[i], q["mostSimilar"]!, $"batched most_similar({w})");
            AssertSame(wv.MostSimilar(w, 10, restrictVocab: 2000), q["restricted"]!, $"restricted ({w})");
            AssertSame(wv.MostSimilar([w, W(i + 1)], [W(i + 2)]), q["analogy"]!, $"analogy {i}");
            AssertSame(wv.MostSimilarCosmul([w, W(i + 1)], [W(i + 2)]), q["cosmul"]!, $"cosmul {i}");
            Assert.That(wv.Similarity(w, W(i + 1)), Is.EqualTo(q["similarity"]!.GetValue<double>()).Within(Tolerance));
            Assert.That(wv.Distance(w, W(i + 1)), Is.EqualTo(q["distance"]!.GetValue<double>()).Within(Tolerance));
            Assert.That(wv.NSimilarity([w, W(i + 1)], [W(i + 2), W(i + 3)]),
                Is.EqualTo(q["nSimilarity"]!.GetValue<double>()).Within(Tolerance), $"n_similarity {i}");
            AssertValues(wv.Distances(w, [W(i + 1), W(i + 2), W(i + 3), W(i + 4)]), q["distances"]!, $"distances {i}");
            Assert.That(wv.DoesntMatch([w, W(i + 1), W(i + 2), W(i + 3)]),
                Is.EqualTo(q["doesntMatch"]!.GetValue<string>()), $"doesnt_match {i}");
            var fifth = q["fifth"]!.GetValue<string>();
            Assert.That(wv.CloserThan(w, fifth),
                Is.EqualTo(q["closerThan"]!.AsArray().Select(x => x!.GetValue<string>())), $"closer_than {i}");
            Assert.That(wv.Rank(w, fifth), Is.EqualTo(q["rank"]!.GetValue<int>()), $"rank {i}");
            AssertValues(wv.MeanVector([w, W(i + 1), W(i + 2)]), q["mean"]!, $"mean {i}");
            AssertValues(wv.MeanVector([w, W(i + 1), W(i + 2)], postNormalize: true), q["meanUnit"]!, $"mean {i}");
            AssertValues(wv.UnitVector(w), q["unit"]!, $"unit vector {i}");
            AssertSame(wv.SimilarByVector(wv.Vector(w)), q["byVector"]!, $"similar_by_vector {i}");
        }
    }

    [TestCase(true)]
    [TestCase(false)]
    public void DuplicateWords_KeepTheFirst_AsGensim(bool binary)
    {
        using var dir = new TempDir();
        // "the" twice, its second vector nearly its first: before, the first copy listed the second as its
        // neighbour (0.97).
        string[] words = ["the", "cat", "sat", "on", "the", "mat", "dog"];
        float[][] rows =
        [
            [1, 0, 0], [0.9f, 0.4f, 0], [0, 1, 0], [0, 0.5f, 1], [1, 0.05f, 0], [0, 0, 1], [0.8f, 0.6f, 0.1f],
        ];
        var file = dir.File(binary ? "dup.bin" : "dup.txt");
        File.WriteAllBytes(file, Word2VecFile(words, rows, binary));

        var gensim = Gensim(file, ["the", "cat", "sat", "on", "mat"], binary, dir);
        using var wv = WordVectors.Load(file);
        Assert.That(wv.Words, Is.EqualTo(gensim["words"]!.AsArray().Select(w => w!.GetValue<string>())),
            "the first of each word, in file order");
        // gensim 4.2 keeps an empty slot (no word, a zero vector, NaN scores) at the end for the dropped row, which
        // the script leaves out; ours has no such row.
        Assert.That(gensim["slots"]!.GetValue<int>(), Is.EqualTo(7));
        Assert.That(wv.Words, Is.EqualTo(new[] { "the", "cat", "sat", "on", "mat", "dog" }));
        Assert.That(wv.Vector("the"), Is.EqualTo(rows[0]), "the first vector of 'the'");
        Assert.That(wv.Vector("mat"), Is.EqualTo(rows[5]), "the rows after the duplicate move up");
        var query = gensim["queries"]![0]!;
        AssertSame(wv.MostSimilar("the", 10), query["mostSimilar"]!, "most_similar(the)");
        Assert.That(wv.MostSimilar("the", 10).Select(n => n.Word), Does.Not.Contain("the"));
        Assert.That(gensim["warnings"]!.AsArray().Select(x => x!.GetValue<string>()),
            Has.Some.Contains("duplicate word 'the'"), "gensim warns");
        Assert.That(wv.LoadWarning, Does.Contain(file).And.Contain("1 duplicate word (the first: 'the', ")
            .And.Contain("kept the first"));

        var cli = CliRunner.Run("similar", "--vectors", file, "--top", "6", "the");
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.Err);
        Assert.That(cli.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1).And.Some.StartsWith("warning: "),
            "said once");
        Assert.That(cli.Out, Does.Not.Contain(" the:"), "never its own neighbour");
        // Every command that reads vectors says it, once a file.
        foreach (var (args, files) in new (string[], int)[]
        {
            (["plot", "--vectors", file, "--top", "4", "--out", dir.File("map.png")], 1),
            (["export", "--checkpoint", file, "--out", dir.File("out.txt")], 1),
            (["export", "--checkpoint", file, "--format", "projector", "--out", dir.File("p")], 1),
            (["compare", "--ours", file, "--reference", file], 2),
        })
        {
            var run = CliRunner.Run(args);
            Assert.That(run.ExitCode, Is.EqualTo(0), run.Err);
            Assert.That(run.Err.TrimEnd().Split('\n').Where(l => l.StartsWith("warning: ") && l.Contains(file)),
                Has.Exactly(files).Items, args[0]);
        }
    }

    /// <summary>A word2vec file written here, by hand, so that it may hold a word twice.</summary>
    internal static byte[] Word2VecFile(IReadOnlyList<string> words, float[][] rows, bool binary)
    {
        using var stream = new MemoryStream();
        void Write(string s) => stream.Write(System.Text.Encoding.UTF8.GetBytes(s));
        Write($"{words.Count} {rows[0].Length}\n");
        for (var i = 0; i < words.Count; i++)
        {
            if (!binary)
            {
                Write(words[i] + " " + string.Join(' ', rows[i].Select(x =>
                    x.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "\n");
                continue;
            }
            Write(words[i] + " ");
            foreach (var x in rows[i]) stream.Write(BitConverter.GetBytes(x));
            Write("\n");
        }
        return stream.ToArray();
    }
}

using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Evaluation;

[TestFixture, Category("Evaluation")]
public sealed class WordVectorsTests
{
    /// <summary>Hand-made vectors: queen = king - man + woman exactly; cat and dog nearly parallel.</summary>
    internal static WordVectors Toy()
    {
        string[] words = ["man", "woman", "king", "queen", "cat", "dog", "Paris"];
        float[] values =
        [
            1, 0, 0, 0,
            1, 1, 0, 0,
            1, 0, 1, 0,
            1, 1, 1, 0,
            0, 0, 0, 1,
            0, 0.1f, 0, 1,
            -1, 0, 0, 0.2f,
        ];
        return new WordVectors(words, tensor(values).view(7, 4));
    }

    /// <summary>The toy vectors written to a file of the directory, in word2vec text.</summary>
    internal static string ToyFile(TempDir dir)
    {
        using var toy = Toy();
        var file = dir.File("toy.txt");
        toy.Save(file, VectorFormat.Word2Vec);
        return file;
    }

    [Test]
    public void MostSimilar_KnownByConstruction()
    {
        using var wv = Toy();
        var nearest = wv.MostSimilar("cat", 2);
        Assert.That(nearest[0].Word, Is.EqualTo("dog"));
        Assert.That(nearest[0].Similarity, Is.EqualTo(1 / Math.Sqrt(1.01)).Within(1e-6));
        Assert.That(nearest.Select(n => n.Word), Does.Not.Contain("cat"));
        Assert.That(wv.MostSimilar("man", 6), Has.Count.EqualTo(6));
    }

    [Test]
    public void Analogy_ThreeCosAdd_ExcludesQueryWords()
    {
        using var wv = Toy();
        var answers = wv.Analogy("man", "king", "woman", 3);
        Assert.That(answers[0].Word, Is.EqualTo("queen"));
        // gensim: cos(queen, unit(unit(king) + unit(woman) - unit(man))), computed here by hand.
        double[] Unit(double[] v) { var n = Math.Sqrt(v.Sum(x => x * x)); return v.Select(x => x / n).ToArray(); }
        var (man, king, woman, queen) = (Unit([1, 0, 0, 0]), Unit([1, 0, 1, 0]),
            Unit([1, 1, 0, 0]), Unit([1, 1, 1, 0]));
        var query = Unit(Enumerable.Range(0, 4).Select(i => king[i] + woman[i] - man[i]).ToArray());
        Assert.That(answers[0].Similarity,
            Is.EqualTo(Enumerable.Range(0, 4).Sum(i => query[i] * queen[i])).Within(1e-6));
        Assert.That(answers.Select(a => a.Word), Has.None.AnyOf("man", "king", "woman"));
    }

    /// <summary>Before: MostSimilar("cat", -1) threw libtorch's ExternalException ("selected index k out of
    /// range") and a query after Dispose an InvalidOperationException ("Tensor invalid -- empty handle").</summary>
    [Test]
    public void BadArguments_AreDotNetExceptionsNamingTheParameter()
    {
        var wv = Toy();
        string? Param(TestDelegate call) => Assert.Throws<ArgumentOutOfRangeException>(call)!.ParamName;
        Assert.That(Param(() => wv.MostSimilar("cat", -1)), Is.EqualTo("top"));
        Assert.That(Param(() => wv.MostSimilarBatch(["cat"], -1)), Is.EqualTo("top"));
        Assert.That(Param(() => wv.MostSimilar("cat", 3, restrictVocab: 0)), Is.EqualTo("restrictVocab"));
        Assert.That(Param(() => wv.MostSimilarCosmul(["cat"], null, 3, restrictVocab: 8)), Is.EqualTo("restrictVocab"));
        Assert.That(Param(() => wv.Similarity(0, 7)), Is.EqualTo("b"));
        Assert.That(wv.MostSimilar("cat", 0), Is.Empty, "gensim's topn=0");
        Assert.That(wv.MostSimilar("cat", 100), Has.Count.EqualTo(6), "every other word");
        Assert.That(Assert.Throws<ArgumentException>(() => wv.MostSimilar([], []))!.ParamName, Is.EqualTo("positive"));
        Assert.That(Assert.Throws<ArgumentException>(() => wv.SimilarByVector([1, 2]))!.ParamName,
            Is.EqualTo("vector"));
        Assert.That(Assert.Throws<ArgumentException>(() => wv.DoesntMatch(["unicorn"]))!.ParamName,
            Is.EqualTo("words"));
        Assert.Throws<ArgumentNullException>(() => wv.MostSimilar((string)null!));
        Assert.That(Assert.Throws<ArgumentException>(() => new WordVectors(["a", "a"], zeros(2, 3)))!.Message,
            Does.Contain("'a' is both word 0 and word 1"));

        wv.Dispose();
        Assert.Throws<ObjectDisposedException>(() => wv.MostSimilar("cat"));
        Assert.Throws<ObjectDisposedException>(() => wv.Similarity("cat", "dog"));
        Assert.Throws<ObjectDisposedException>(() => _ = wv.Vectors);
        Assert.Throws<ObjectDisposedException>(() => wv.Contains("cat"));
        wv.Dispose(); // twice is harmless
    }

    /// <summary>The word index (row numbers in an open-addressing table) against a plain list search: every word of
    /// a vocabulary with many near-identical words finds its row, a word outside none, and prefixes and case do not
    /// match.</summary>
    [Test]
    public void WordIndex_FindsEveryRow_AndNothingElse()
    {
        var words = Enumerable.Range(0, 5_000).Select(i => $"w{i}").Append("W1").Append("").ToList();
        using var wv = new WordVectors(words, zeros(words.Count, 1));
        foreach (var word in words) Assert.That(wv.IdOf(word), Is.EqualTo(words.IndexOf(word)), word);
        foreach (var other in new[] { "w5000", "w", "W2", "w1 ", "x" })
            Assert.That(wv.Contains(other), Is.False, other);
    }

    [Test]
    public void GensimCalls_OnHandWorkedCases()
    {
        using var wv = Toy();
        // cat (0,0,0,1) and dog (0,0.1,0,1): cosine 1/sqrt(1.01); Paris (-1,0,0,0.2) and man (1,0,0,0): -1/sqrt(1.04).
        Assert.That(wv.Distance("cat", "dog"), Is.EqualTo(1 - 1 / Math.Sqrt(1.01)).Within(1e-6));
        Assert.That(wv.Distances("man", ["Paris", "cat"]), Is.EqualTo(new[] { 1 + 1 / Math.Sqrt(1.04), 1 })
            .Within(1e-6));
        Assert.That(wv.DoesntMatch(["man", "woman", "king", "cat"]), Is.EqualTo("cat"));
        // From man: woman, king 1/sqrt(2); queen 1/sqrt(3); cat and dog 0; Paris negative.
        Assert.That(wv.CloserThan("man", "queen"), Is.EqualTo(new[] { "woman", "king" }));
        Assert.That(wv.Rank("man", "queen"), Is.EqualTo(3));
        Assert.That(wv.MeanVector(["man", "king"], preNormalize: false), Is.EqualTo(new[] { 1f, 0, 0.5f, 0 }));
        Assert.That(wv.UnitVector("king"), Is.EqualTo(new[] { 1 / Math.Sqrt(2), 0, 1 / Math.Sqrt(2), 0 })
            .Within(1e-6));
        // n_similarity of the raw means: (1, 0.5, 0, 0) and (0, 0.05, 0, 1).
        Assert.That(wv.NSimilarity(["man", "woman"], ["cat", "dog"]),
            Is.EqualTo(0.025 / (Math.Sqrt(1.25) * Math.Sqrt(1.0025))).Within(1e-6));
    }

    [Test]
    public void UnknownWord_NamesItAndCloseSpellings()
    {
        using var wv = Toy();
        // gensim's KeyError is .NET's KeyNotFoundException (the type itself, as a Dictionary throws); king is one
        // deletion from kinng, no other toy word within two edits.
        var error = Assert.Throws<KeyNotFoundException>(() => wv.MostSimilar("kinng"))!;
        Assert.That(error.Message, Is.EqualTo("'kinng' is not in the vocabulary (did you mean 'king'?)"));
        Assert.That(Assert.Throws<KeyNotFoundException>(() => wv.IdOf("zebra"))!.Message,
            Is.EqualTo("'zebra' is not in the vocabulary"));
    }

    [Test]
    public void AnalogyEvaluation_CountsLikeGensim_OnHandMadeQuestions()
    {
        using var wv = Toy();
        using var dir = new TempDir();
        var path = dir.File("q.txt", string.Join('\n',
            ": royalty",
            "man king woman queen",      // right
            "MAN KING Woman Queen",      // right: case-insensitive
            "man king woman princess",   // skipped: princess not in vocabulary
            ": pets",
            "cat dog man woman",         // answered, wrong or right by the vectors
            "cat dog tiger lion",        // skipped
            "") + "\n");
        var result = AnalogyEvaluation.Evaluate(wv, path);
        Assert.That(result.Skipped, Is.EqualTo(2));
        Assert.That(result.Sections.Select(s => (s.Name, s.Count)), Is.EqualTo(new[] { ("royalty", 2), ("pets", 1) }));
        Assert.That(result.Sections[0].Correct, Is.EqualTo(2));
        // cat:dog = man:? by hand: unit(dog) + unit(man) - unit(cat) = (1, 0.0995, 0, -0.005); its cosine with
        // woman (1,1,0,0)/sqrt2 is 0.78, king 0.71, queen 0.63, Paris < 0: woman, the expected word, so correct.
        Assert.That(result.Sections[1].Correct, Is.EqualTo(1));
        Assert.That(result.Total.Count, Is.EqualTo(3));
    }

    [Test]
    public void AnalogyEvaluation_BadFile_NamesTheLine()
    {
        using var wv = Toy();
        using var dir = new TempDir();
        var error = Assert.Throws<InvalidDataException>(() => AnalogyEvaluation.Evaluate(wv,
            dir.File("q.txt", ": s\nman king woman\n")))!;
        Assert.That(error.Message, Does.Contain("line 2").And.Contain("expected 4 words"));
    }

    [Test]
    public void WordPairs_PearsonSpearmanOov_HandComputed()
    {
        using var wv = Toy();
        using var dir = new TempDir();
        var path = dir.File("pairs.tsv",
            "# comment\nman\twoman\t5\nking\tqueen\t5\ncat\tdog\t9\nPARIS\tman\t0\nunicorn\tman\t3\n");
        var result = WordPairEvaluation.Evaluate(wv, path);
        Assert.That(result.Pairs, Is.EqualTo(4));
        Assert.That(result.OutOfVocabulary, Is.EqualTo(1));
        Assert.That(result.OovRatio, Is.EqualTo(20.0));
        // Model cosines: man-woman 1/sqrt2, king-queen 2/sqrt6, cat-dog 1/sqrt(1.01), Paris-man -1/sqrt(1.04).
        double[] model = [1 / Math.Sqrt(2), 2 / Math.Sqrt(6), 1 / Math.Sqrt(1.01), -1 / Math.Sqrt(1.04)];
        double[] gold = [5, 5, 9, 0];
        // Ranks: gold (2.5, 2.5, 4, 1), model (2, 3, 4, 1); Spearman = Pearson of the ranks.
        Assert.That(result.Spearman, Is.EqualTo(PearsonByHand([2.5, 2.5, 4, 1], [2, 3, 4, 1])).Within(1e-12));
        Assert.That(result.Pearson, Is.EqualTo(PearsonByHand(gold, model)).Within(1e-6));
    }

    private static double PearsonByHand(double[] x, double[] y)
    {
        var (mx, my) = (x.Average(), y.Average());
        var cov = x.Zip(y).Sum(p => (p.First - mx) * (p.Second - my));
        return cov / Math.Sqrt(x.Sum(v => (v - mx) * (v - mx)) * y.Sum(v => (v - my) * (v - my)));
    }
}

using System.Globalization;
using System.IO.Compression;
using System.Text.Json.Nodes;
using NegSampling.Data;
using NegSampling.Phrasing;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Data;

/// <summary>Phrases learnt and joined as gensim's Phrases does: the same output and phrases as gensim's own, run
/// here.</summary>
[TestFixture, Category("Data")]
public sealed class PhrasesTests
{
    /// <summary>
    /// Words, planted phrases and a three-word phrase for a second pass, with words that already hold the delimiter
    /// ("new_york" beside "new york", "york_city", "new_york_city"), which gensim counts under the same keys as the
    /// pairs that join to them; lines of 0 to 15 words.
    /// </summary>
    private static string Generated(int seed)
    {
        var random = new Random(seed);
        string[] planted = ["new york city", "san francisco", "los angeles", "new_york", "york_city is",
            "new_york_city", "hong kong", "new jersey", "new_york city"];
        var lines = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            var (words, length) = (new List<string>(), random.Next(0, 16));
            while (words.Count < length)
                words.AddRange(random.Next(6) == 0 ? planted[random.Next(planted.Length)].Split(' ')
                    : [$"w{random.Next(150)}"]);
            lines.Add(string.Join(' ', words));
        }
        return string.Join('\n', lines) + "\n";
    }

    private static void AssertEqualToGensim(string corpus, PhraseScorer scorer, double threshold, int passes)
    {
        var python = ReferencePython.Require("gensim");
        using var dir = new TempDir();
        var (ours, theirs) = (dir.File("ours.txt"), dir.File("gensim.txt"));
        var learnt = Phrases.Write(corpus, ours, threshold, minCount: 5, passes, scorer);
        var expected = JsonNode.Parse(ReferencePython.RunScript(python, "gensim_phrases.py", corpus, theirs,
            threshold.ToString("R", CultureInfo.InvariantCulture), "5", passes.ToString(CultureInfo.InvariantCulture),
            scorer == PhraseScorer.Npmi ? "npmi" : "default"))!.AsArray();

        var (ourLines, theirLines) = (File.ReadAllLines(ours), File.ReadAllLines(theirs));
        var differ = Enumerable.Range(0, Math.Min(ourLines.Length, theirLines.Length))
            .FirstOrDefault(i => ourLines[i] != theirLines[i], -1);
        Assert.That(differ, Is.EqualTo(-1), () => $"line {differ + 1}: ours '{ourLines[differ]}', gensim's " +
            $"'{theirLines[differ]}'");
        Assert.That(ourLines, Has.Length.EqualTo(theirLines.Length), "lines");
        Assert.That(learnt, Has.Count.EqualTo(passes));
        for (var pass = 0; pass < passes; pass++)
        {
            var gensim = expected[pass]!.AsObject().ToDictionary(p => p.Key, p => p.Value!.GetValue<double>());
            TestContext.Progress.WriteLine($"pass {pass + 1}: {learnt[pass].Count} phrases, e.g. " +
                string.Join(' ', learnt[pass].Keys.Order(StringComparer.Ordinal).Take(8)));
            Assert.That(learnt[pass].Keys, Is.EquivalentTo(gensim.Keys), $"pass {pass + 1}'s phrases");
            foreach (var (phrase, score) in gensim)
                Assert.That(learnt[pass][phrase], Is.EqualTo(score).Within(1e-12 * Math.Abs(score)), phrase);
        }
        Assert.That(learnt[0], Has.Count.GreaterThan(5), "enough phrases for the comparison to mean something");
        if (passes > 1)
            Assert.That(learnt[1].Keys.Any(p => p.Count(c => c == '_') >= 2), Is.True, "longer phrases in pass 2");
    }

    [TestCase(PhraseScorer.Default, 10.0, 2)]
    [TestCase(PhraseScorer.Npmi, 0.5, 1)]
    public void OnPtb_TheOutputAndPhrasesAreGensims(PhraseScorer scorer, double threshold, int passes)
    {
        var train = Path.Combine(Repository.DataDirectory, "ptb", "ptb.train.txt");
        if (!File.Exists(train)) Assert.Ignore($"PTB is not in {Repository.DataDirectory}");
        AssertEqualToGensim(train, scorer, threshold, passes);
    }

    [TestCase(PhraseScorer.Default, 10.0)]
    [TestCase(PhraseScorer.Npmi, 0.3)]
    public void OnAGeneratedCorpus_WithWordsThatHoldTheDelimiter_TheOutputAndPhrasesAreGensims(PhraseScorer scorer,
        double threshold)
    {
        using var dir = new TempDir();
        AssertEqualToGensim(dir.File("generated.txt", Generated(3)), scorer, threshold, passes: 2);
    }

    /// <summary>
    /// Worked by hand, minCount 1, threshold 0.5, default scorer. With a cap of 2 bigram types, the third (g h)
    /// makes 3: every pair seen once is dropped, so "c d" ends with count 1 (its second line only) and scores
    /// (1 - 1) / (2 x 2) x 7 keys = 0. With a cap of 3 nothing is dropped: (2 - 1) / (2 x 2) x 9 = 2.25, a phrase.
    /// </summary>
    [TestCase(2, "c d\ne f\ng h\nc d\n")]
    [TestCase(3, "c_d\ne f\ng h\nc_d\n")]
    public void TheCap_DropsTheRarestBigrams(long maxBigrams, string expected)
    {
        using var dir = new TempDir();
        var output = dir.File("out.txt");
        Phrases.Write(dir.File("in.txt", "c d\ne f\ng h\nc d"), output, threshold: 0.5, minCount: 1,
            maxBigrams: maxBigrams);
        Assert.That(File.ReadAllText(output), Is.EqualTo(expected));
    }

    /// <summary>Counted in two halves at once (the halves cut inside a line), the counts are those counted in one
    /// range, which the gensim tests above check (their corpora are too small to be cut).</summary>
    [Test]
    public void CountsInTwoHalves_AreThoseOfOneRange()
    {
        using var dir = new TempDir();
        var (table, builder) = CorpusReader.Tokenize(dir.File("corpus.txt", Generated(11)), appendEos: true,
            maxTokens: null, maxParts: 1, lineEnd: PhraseLearner.LineEnd);
        var lineEnd = table.Add(PhraseLearner.LineEnd);
        var ids = builder.Build();
        Assert.That(ids[ids.Length / 2 - 1], Is.Not.EqualTo(lineEnd), "the cut falls between two words of a line");
        Assert.That(ids[ids.Length / 2], Is.Not.EqualTo(lineEnd));
        var one = PhraseCounts.Count(ids, table.Count, lineEnd, maxBigrams: long.MaxValue);
        var two = PhraseCounts.Count(ids, table.Count, lineEnd, maxBigrams: long.MaxValue, minimumSplit: 1);
        Assert.That(two.Unigrams, Is.EqualTo(one.Unigrams));
        Assert.That(two.Words, Is.EqualTo(one.Words));
        Assert.That(two.Pairs.Entries().Order(), Is.EqualTo(one.Pairs.Entries().Order()));
    }

    /// <summary>The config keys read the corpus that <see cref="Phrases.Write"/> writes (itself gensim's, above):
    /// the same words, counts and ids.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public void TheConfigKeys_ReadTheCorpusThatPhrasesWrites(bool appendEos)
    {
        using var dir = new TempDir();
        var corpus = dir.File("corpus.txt", Generated(7));
        var joined = dir.File("joined.txt");
        Phrases.Write(corpus, joined, passes: 2);
        var (expected, expectedIds) = CorpusReader.Read(joined, new CorpusSettings(appendEos));
        var settings = new CorpusSettings(appendEos, Phrases: new PhraseSettings(Passes: 2));
        var (vocabulary, ids) = CorpusReader.Read(corpus, settings);
        Assert.That(vocabulary.Words, Is.EqualTo(expected.Words));
        Assert.That(vocabulary.Counts, Is.EqualTo(expected.Counts));
        Assert.That(vocabulary.Words, Does.Contain("new_york_city").And.Contain("san_francisco"));
        var (ours, theirs) = (new int[ids.Length], new int[expectedIds.Length]);
        ids.CopyTo(0, ours);
        expectedIds.CopyTo(0, theirs);
        Assert.That(ours, Is.EqualTo(theirs));
    }

    [Test]
    public void TheConfigKeys_KeyTheIdCache_AndAreCheckedAsGensimChecksThem()
    {
        using var dir = new TempDir();
        var config = new TrainingConfig
        {
            Corpus = dir.File("corpus.txt", Generated(7)),
            CorpusCache = dir.File("cache"),
            PhrasePasses = 1,
        };
        using (var first = TrainingData.Load(config, dir.Path))
        using (var second = TrainingData.Load(config, dir.Path))
        {
            Assert.That((first.FromCache, second.FromCache), Is.EqualTo((false, true)));
            Assert.That(second.Vocabulary.Words, Is.EqualTo(first.Vocabulary.Words));
            Assert.That(first.Vocabulary.Words, Does.Contain("san_francisco"));
        }
        config.PhrasePasses = 2;
        using (var twice = TrainingData.Load(config, dir.Path))
        {
            Assert.That(twice.FromCache, Is.False, "two passes are another cache entry");
            Assert.That(twice.Vocabulary.Words, Does.Contain("new_york_city"));
        }
        config.PhraseThreshold = 12;
        using (var higher = TrainingData.Load(config, dir.Path))
            Assert.That(higher.FromCache, Is.False, "another threshold is another cache entry");

        config.PhraseScorer = PhraseScorer.Npmi;
        var error = Assert.Throws<ConfigException>(() => TrainingData.Load(config, dir.Path).Dispose())!;
        Assert.That(error.Message, Is.EqualTo("PhraseThreshold (config key 'phraseThreshold'): expected -1 to 1 " +
            "with the npmi scorer, found 12"));
    }

    [Test, Category("Cli")]
    public void TheCommand_ReadsGzipAndNamedCorpora_AndRefusesBadSettingsAndAnExistingOutput_InOneLine()
    {
        using var dir = new TempDir();
        var text = Generated(5);
        var plain = dir.File("corpus.txt", text);
        var gzip = dir.File("corpus.gz");
        using (var stream = new GZipStream(File.Create(gzip), CompressionLevel.Fastest))
            stream.Write(System.Text.Encoding.UTF8.GetBytes(text));

        var fromPlain = CliRunner.Run("phrases", "--corpus", plain, "--out", dir.File("a.txt"), "--passes", "2");
        var fromGzip = CliRunner.Run("phrases", "--corpus", gzip, "--out", dir.File("b.txt"), "--passes", "2");
        Assert.That((fromPlain.ExitCode, fromGzip.ExitCode), Is.EqualTo((0, 0)), fromPlain.Err + fromGzip.Err);
        Assert.That(fromPlain.Out, Does.Contain("pass 2:"));
        Assert.That(File.ReadAllText(dir.File("b.txt")), Is.EqualTo(File.ReadAllText(dir.File("a.txt"))));
        dir.File(Path.Combine("data", "ptb", "ptb.train.txt"), text);
        var named = CliRunner.Run("phrases", "--corpus", "ptb", "--data-dir", dir.File("data"), "--out",
            dir.File("p.txt"), "--passes", "2");
        Assert.That(named.ExitCode, Is.EqualTo(0), named.Err);
        Assert.That(File.ReadAllText(dir.File("p.txt")), Is.EqualTo(File.ReadAllText(dir.File("a.txt"))),
            "ptb is the data directory's");
        Assert.That(File.ReadAllText(dir.File("a.txt")), Does.Contain("new_york"));

        var existing = dir.File("a.txt");
        var before = File.ReadAllText(existing);
        foreach (var (args, code, message) in new (string[], int, string)[]
        {
            (["--threshold", "0"], 1, "--threshold: expected above 0 with the default scorer, found 0"),
            (["--scorer", "npmi"], 1, "--threshold: expected -1 to 1 with the npmi scorer, found 10"),
            (["--min-count", "0"], 1, "--min-count: expected at least 1, found 0"),
            (["--scorer", "pmi"], 2, "--scorer: expected default or npmi, found pmi"),
        })
        {
            var result = CliRunner.Run(["phrases", "--corpus", plain, "--out", dir.File("c.txt"), .. args]);
            Assert.That(result.ExitCode, Is.EqualTo(code), string.Join(' ', args));
            Assert.That(result.Err, Does.Contain(message));
            if (code == 1) Assert.That(result.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1), result.Err);
            Assert.That(File.Exists(dir.File("c.txt")), Is.False, "nothing written");
        }
        var over = CliRunner.Run("phrases", "--corpus", plain, "--out", existing);
        Assert.That(over.ExitCode, Is.EqualTo(1));
        Assert.That(over.Err, Does.Contain("a.txt exists"));
        Assert.That(File.ReadAllText(existing), Is.EqualTo(before), "the existing file is untouched");
    }
}

using System.Text.Json.Nodes;
using NegSampling.Data;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Evaluation;

/// <summary>Our evaluation and gensim's, on the same exported file of PTB-vocabulary vectors.</summary>
[TestFixture, Category("Evaluation")]
public sealed class GensimAgreementTests
{
    /// <summary>
    /// Vectors with real structure, made fast without training: each word sums fixed random vectors of its
    /// neighbours within two positions (random indexing of the co-occurrence counts), log-scaled by frequency.
    /// </summary>
    internal static WordVectors CooccurrenceVectors(string ptbTrain)
    {
        var tokens = ReferenceReader.ReadTokens(ptbTrain).ToList();
        var vocabulary = Vocabulary.Build(tokens);
        var ids = tensor(vocabulary.Encode(tokens).Select(i => (long)i).ToArray());
        var random = randn(vocabulary.Count, 64, generator: new Generator(17));
        var sums = zeros(vocabulary.Count, 64);
        var n = ids.shape[0];
        foreach (var offset in new[] { -2, -1, 1, 2 })
        {
            var (from, to) = offset > 0 ? (0L, n - offset) : (-offset, n);
            sums.index_add_(0, ids.narrow(0, from, to - from),
                random.index_select(0, ids.narrow(0, from + offset, to - from)), 1);
        }
        var counts = tensor(vocabulary.Counts.Select(c => (float)c).ToArray()).unsqueeze(1);
        return new WordVectors(vocabulary.Words, sums / counts * counts.log1p());
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ScoresMatchGensim(bool binary)
    {
        var data = Repository.DataDirectory;
        var train = Path.Combine(data, "ptb", "ptb.train.txt");
        var questions = Path.Combine(data, "eval", "questions-words.txt");
        var pairs = Path.Combine(data, "eval", "wordsim353.tsv");
        if (!File.Exists(train)
            || !File.Exists(questions)) Assert.Ignore($"PTB and the evaluation sets are not in {data}");
        var python = ReferencePython.Require("gensim");

        using var dir = new TempDir();
        using var vectors = CooccurrenceVectors(train);
        var file = dir.File(binary ? "v.bin" : "v.txt");
        vectors.Save(file, binary ? VectorFormat.Word2VecBinary : VectorFormat.Word2Vec);
        var gensim = JsonNode.Parse(ReferencePython.RunScript(python, "gensim_evaluate.py", file, questions, pairs,
            binary ? "--binary" : "--text"))!;

        using var loaded = WordVectors.Load(file);
        var ours = AnalogyEvaluation.Evaluate(loaded, questions);
        var theirs = gensim["sections"]!.AsArray();
        TestContext.Progress.WriteLine($"gensim {gensim["gensim"]}: accuracy {gensim["accuracy"]}, spearman " +
            $"{gensim["spearman"]}; ours {ours.Total.Accuracy}");
        Assert.That(ours.Total.Count, Is.EqualTo(4716), "in-vocabulary questions (the data README's count)");
        Assert.That(ours.Total.Correct, Is.GreaterThan(10),
            "the vectors carry enough structure for the comparison to mean something");
        foreach (var (section, expected) in ours.Sections.Append(ours.Total).Zip(theirs))
        {
            Assert.That(section.Name, Is.EqualTo(expected!["name"]!.GetValue<string>()));
            Assert.That((section.Correct, section.Incorrect), Is.EqualTo((expected["correct"]!.GetValue<int>(),
                expected["incorrect"]!.GetValue<int>())), section.Name);
        }
        var similarity = WordPairEvaluation.Evaluate(loaded, pairs);
        Assert.That(similarity.Spearman, Is.EqualTo(gensim["spearman"]!.GetValue<double>()).Within(1e-6));
        Assert.That(similarity.Pearson, Is.EqualTo(gensim["pearson"]!.GetValue<double>()).Within(1e-6));
        Assert.That(similarity.OovRatio, Is.EqualTo(gensim["oovRatio"]!.GetValue<double>()).Within(1e-9));
    }
}

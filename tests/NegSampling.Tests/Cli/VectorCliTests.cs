using System.Text.Json.Nodes;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Evaluation;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Cli;

[TestFixture, Category("Evaluation")]
public sealed class VectorCliTests
{
    [Test]
    public void SimilarAnalogyEvaluate_OnAnExportedFile()
    {
        using var dir = new TempDir();
        var file = WordVectorsTests.ToyFile(dir);

        var similar = CliRunner.Run("similar", "--vectors", file, "--top", "1", "cat", "queen");
        Assert.That(similar.ExitCode, Is.EqualTo(0), similar.Err);
        Assert.That(similar.Out, Does.Contain("[query] cat\n dog: 0.99504"));

        var analogy = CliRunner.Run("analogy", "--vectors", file, "man", "king", "woman");
        Assert.That(analogy.Out, Does.StartWith("[analogy] man:king = woman:?\n queen: "));

        var questions = dir.File("q.txt", ": royalty\nman king woman queen\nman king woman unicorn\n");
        var pairs = dir.File("p.tsv", "man\twoman\t5\ncat\tdog\t9\nking\tParis\t1\n");
        var evaluate = CliRunner.Run("evaluate", "--vectors", file, "--analogies", questions, "--similarity", pairs,
            "--json");
        Assert.That(evaluate.ExitCode, Is.EqualTo(0), evaluate.Err);
        var json = JsonNode.Parse(evaluate.Out)!;
        Assert.That(json["analogies"]!["questions"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(json["analogies"]!["skipped"]!.GetValue<int>(), Is.EqualTo(1));
        Assert.That(json["analogies"]!["accuracy"]!.GetValue<double>(), Is.EqualTo(1.0));
        Assert.That(json["similarity"]!["pairs"]!.GetValue<int>(), Is.EqualTo(3));
        Assert.That(json["similarity"]!["spearman"]!.GetValue<double>(), Is.EqualTo(1.0).Within(1e-12),
            "ranks agree: 5 < 9, 1 lowest");
    }

    [Test]
    public void OutOfVocabularyWord_OneLineExit1()
    {
        using var dir = new TempDir();
        using var toy = WordVectorsTests.Toy();
        var file = dir.File("toy.bin");
        toy.Save(file, VectorFormat.Word2VecBinary);
        var result = CliRunner.Run("similar", "--vectors", file, "dgo");
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Err.TrimEnd(), Is.EqualTo("error: 'dgo' is not in the vocabulary (did you mean 'dog'?)"));
    }

    [TestCase("word2vec")]
    [TestCase("word2vec-binary")]
    [TestCase("float16")]
    public void Export_FromACheckpoint_ReadsBackAsW_in(string format)
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir);
        var output = dir.File("vectors." + (format == "float16" ? "npy" : format == "word2vec" ? "txt" : "bin"));
        var result = CliRunner.Run("export", "--checkpoint", config.OutputDir!, "--format", format, "--out", output);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        using var fromCheckpoint = WordVectors.Load(config.OutputDir!);
        using var exported = WordVectors.Load(output);
        Assert.That(exported.Words, Is.EqualTo(fromCheckpoint.Words));
        var tolerance = format == "float16" ? 1e-3 : 0;
        Numeric.AssertClose(exported.Vectors, fromCheckpoint.Vectors, tolerance, tolerance, "exported W_in");
    }
}

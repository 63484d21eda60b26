using System.Text;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Cli;

/// <summary>What users bring as corpora, through the train command.</summary>
[TestFixture, Category("Cli")]
public sealed class CorpusCliTests
{
    private static CliRunner.Result Train(TempDir dir, string corpus, params string[] extra)
    {
        var config = TinyRun.Config(dir, corpus);
        config.Epochs = 1;
        return CliRunner.Run(["train", "--config", TinyRun.WriteConfig(dir, config), .. extra]);
    }

    [Test]
    public void BinaryFiles_AreRefusedWithOneLine_NamingTheFileAndOffset_BeforeAnythingIsWritten()
    {
        using var dir = new TempDir();
        var nul = dir.File("image.txt");
        File.WriteAllBytes(nul, [.. Encoding.ASCII.GetBytes("looks like text\n"), 0, 1, 2]);
        var result = Train(dir, nul);
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(result.Err.TrimEnd().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(result.Err, Does.Contain("image.txt: not a text file: at byte 16, a NUL byte"));
        Assert.That(Directory.Exists(Path.Combine(dir.Path, "out")), Is.False, "no run directory");
    }

    [Test]
    public void Latin1AndCrlfText_Trains()
    {
        using var dir = new TempDir();
        var text = string.Join("\r\n",
            PlantedCorpus.Text(groups: 3, wordsPerGroup: 4, sentences: 300, sentenceLength: 8, seed: 1)
            .Split('\n').Select((line, i) => i % 3 == 0 ? line + " caf\u00e9 na\u00efve" : line));
        var corpus = dir.File("latin1.txt");
        File.WriteAllBytes(corpus, Encoding.Latin1.GetBytes(text));
        var result = Train(dir, corpus);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.Contain("15 words"), "12 planted words, <eos>, caf\uFFFD and na\uFFFDve");
    }

    [Test]
    public void ADirectory_IsReadAsItsFiles_NotReportedMissing()
    {
        using var dir = new TempDir();
        var parts = Directory.CreateDirectory(Path.Combine(dir.Path, "parts")).FullName;
        var text = PlantedCorpus.Text(groups: 3, wordsPerGroup: 4, sentences: 300, sentenceLength: 8,
            seed: 1).Split('\n');
        File.WriteAllLines(Path.Combine(parts, "1.txt"), text[..150]);
        File.WriteAllLines(Path.Combine(parts, "2.txt"), text[150..300]);
        var result = Train(dir, parts);
        Assert.That(result.ExitCode, Is.EqualTo(0), result.Err);
        Assert.That(result.Out, Does.Contain("2,700 tokens"));
    }
}

using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Formats;

/// <summary>
/// VectorFormat.Projector writes the Embedding Projector's three files byte for byte as written here by hand: values
/// in .NET's shortest round-trip form, tab-separated, a line feed after each line, UTF-8 without a BOM.
/// </summary>
[TestFixture, Category("Data")]
public sealed class ProjectorTests
{
    private static readonly string[] Words = ["the", "cat", "sat"];

    /// <summary>Three words; by count cat (9), then the and sat tied (the first, the lower row).</summary>
    private static WordVectors Vectors(bool counts, bool byCount) =>
        new(Words, tensor(new[] { 0.5f, -1.25f, 1e-7f, 3, 2, 0.1f }).view(3, 2))
        {
            Counts = counts ? [5, 9, 5] : null,
            ExportRows = byCount ? [1, 0, 2] : null,
        };

    private static string[] Written(WordVectors vectors, TempDir dir)
    {
        var output = dir.File("projector");
        vectors.Save(output, VectorFormat.Projector);
        return [.. new[] { "tensors.tsv", "metadata.tsv", "projector_config.pbtxt" }
            .Select(f => File.ReadAllText(Path.Combine(output, f)))];
    }

    private static string Config(int rows) =>
        "embeddings {\n  tensor_name: \"word vectors\"\n  tensor_shape: " + rows + "\n  tensor_shape: 2\n" +
        "  tensor_path: \"tensors.tsv\"\n  metadata_path: \"metadata.tsv\"\n}\n";

    [Test]
    public void AllWords_ByFallingCount_WithTheirCounts()
    {
        using var dir = new TempDir();
        using var vectors = Vectors(counts: true, byCount: true);
        Assert.That(Written(vectors, dir), Is.EqualTo(new[]
        {
            "1E-07\t3\n0.5\t-1.25\n2\t0.1\n", "word\tcount\ncat\t9\nthe\t5\nsat\t5\n", Config(3),
        }));
        Assert.That(File.ReadAllBytes(dir.File("projector/metadata.tsv"))[0], Is.EqualTo((byte)'w'), "no BOM");
    }

    [Test]
    public void MostFrequent_KeepsTheExportOrder_AndTheCounts()
    {
        using var dir = new TempDir();
        using (var vectors = Vectors(counts: true, byCount: true))
        using (var top = vectors.MostFrequent(2))
            Assert.That(Written(top, dir), Is.EqualTo(new[]
            {
                "1E-07\t3\n0.5\t-1.25\n", "word\tcount\ncat\t9\nthe\t5\n", Config(2),
            }));
        // The book's order: the two most frequent in row order.
        using (var vectors = Vectors(counts: true, byCount: false))
        using (var top = vectors.MostFrequent(2))
            Assert.That(Written(top, dir)[1], Is.EqualTo("word\tcount\nthe\t5\ncat\t9\n"));
    }

    [Test]
    public void WithoutCounts_TheFirstRows_AndAnEmptyCountColumn()
    {
        using var dir = new TempDir();
        using var vectors = Vectors(counts: false, byCount: false);
        using var top = vectors.MostFrequent(2);
        Assert.That(top.Counts, Is.Null);
        Assert.That(Written(top, dir), Is.EqualTo(new[]
        {
            "0.5\t-1.25\n1E-07\t3\n", "word\tcount\nthe\t\ncat\t\n", Config(2),
        }));
    }

    [Test]
    public void AWordWithATab_IsOneLineNamingIt_AndNothingIsWritten()
    {
        using var dir = new TempDir();
        using var vectors = new WordVectors(["a\tb", "c"], zeros(2, 2));
        var error = Assert.Throws<InvalidDataException>(() =>
            vectors.Save(dir.File("projector"), VectorFormat.Projector))!;
        Assert.That(error.Message, Does.Contain("'a\\tb' holds a tab").And.Not.Contain("\t").And.Not.Contain("\n"));
        Assert.That(Directory.Exists(dir.File("projector")), Is.False);
    }
}

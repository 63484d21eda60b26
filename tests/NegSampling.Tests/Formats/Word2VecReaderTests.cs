using System.Diagnostics;
using NegSampling.Cli;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Evaluation;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Formats;

[TestFixture, Category("Data")]
public sealed class Word2VecReaderTests
{
    private static readonly string[] Words = ["a", "bb", "ccc", "dd"];
    private static readonly float[][] Rows = [[1, 2], [-0.5f, 0.25f], [3e-7f, -4], [0, 1]];

    /// <summary>
    /// A header of 10^9 x 10^9 on a 100-byte file (issue 26: "Arithmetic operation resulted in an overflow", no
    /// file named): refused from the header and the file's length, before the matrix is allocated.
    /// </summary>
    [TestCase(true)]
    [TestCase(false)]
    public void HugeHeader_RefusedInOneLine_BeforeAllocating(bool binary)
    {
        using var dir = new TempDir();
        var rows = binary ? new byte[78].Select((_, i) => (byte)(i % 7)).ToArray() // control bytes: binary
            : "w 1 2\n"u8.ToArray().Concat(Enumerable.Repeat((byte)'x', 72)).ToArray();
        var file = dir.File(binary ? "huge.bin" : "huge.txt");
        File.WriteAllBytes(file, [.. "1000000000 1000000000\n"u8, .. rows]);
        Assert.That(new FileInfo(file).Length, Is.EqualTo(100));
        Assert.That(VectorFile.Detect(file), Is.EqualTo(binary ? VectorFormat.Word2VecBinary : VectorFormat.Word2Vec));

        var watch = Stopwatch.StartNew();
        var error = Assert.Throws<InvalidDataException>(() => WordVectors.Load(file))!;
        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "refused from the header, not by reading");
        Assert.That(error.Message, Does.StartWith($"{file}: line 1: the header promises 1,000,000,000 vectors of " +
            "1,000,000,000 values").And.Contain("the file holds 78 bytes after the header"));

        var cli = CliRunner.Run("similar", "--vectors", file, "a");
        Assert.That(cli.ExitCode, Is.EqualTo(1));
        Assert.That(cli.Err.TrimEnd(), Is.EqualTo($"error: {error.Message}"));
    }

    [TestCase(true)]
    [TestCase(false)]
    public void Limit_ReadsTheFirstRows(bool binary)
    {
        using var dir = new TempDir();
        var file = dir.File("v");
        File.WriteAllBytes(file, GensimQueryTests.Word2VecFile(Words, Rows, binary));
        using var two = WordVectors.Load(file, limit: 2);
        Assert.That(two.Words, Is.EqualTo(Words[..2]));
        Assert.That(two.Vector("bb"), Is.EqualTo(Rows[1]));
        using var all = WordVectors.Load(file, limit: 100);
        Assert.That(all.Words, Is.EqualTo(Words));
        Assert.That(all.Vector("ccc"), Is.EqualTo(Rows[2]));

        // A file cut after its third row is still good for the first two, as for gensim's limit=.
        var bytes = File.ReadAllBytes(file);
        var cut = dir.File("cut");
        File.WriteAllBytes(cut, bytes[..(bytes.Length - (binary ? 3 + 8 + 1 : 5))]);
        Assert.Throws<InvalidDataException>(() => WordVectors.Load(cut));
        using var first = WordVectors.Load(cut, limit: 3);
        Assert.That(first.Words, Is.EqualTo(Words[..3]));

        var cli = CliRunner.Run("similar", "--vectors", file, "--limit", "2", "--top", "3", "a");
        Assert.That(cli.ExitCode, Is.EqualTo(0), cli.Err);
        Assert.That(cli.Out, Does.Contain(" bb: ").And.Not.Contain("ccc"));
        Assert.That(Assert.Throws<ArgumentOutOfRangeException>(() => WordVectors.Load(file, 0))!.ParamName,
            Is.EqualTo("limit"));
    }

    [Test]
    public void HeaderlessGloveText_TakesItsDimensionFromTheFirstRow()
    {
        using var dir = new TempDir();
        var file = dir.File("glove.txt", "the 0.5 -1.5 2\nof 1e-3 0 -0\r\nand 4 5 6");
        using var wv = WordVectors.Load(file);
        Assert.That(wv.Words, Is.EqualTo(new[] { "the", "of", "and" }));
        Assert.That(wv.Dimensions, Is.EqualTo(3));
        Assert.That(wv.Vector("of"), Is.EqualTo(new[] { 0.001f, 0, 0 }));
        Assert.That(wv.Vector("and"), Is.EqualTo(new[] { 4f, 5, 6 }), "the last line without a line end");
        using var one = WordVectors.Load(file, limit: 1);
        Assert.That(one.Words, Is.EqualTo(new[] { "the" }));
        var bad = dir.File("bad.txt", "the 0.5 -1.5 2\nof 1 2\n");
        Assert.That(Assert.Throws<InvalidDataException>(() => WordVectors.Load(bad))!.Message,
            Is.EqualTo($"{bad}: line 2: expected a word and 3 values, found 2 values"));
    }

    [Test]
    public void OptionLikeWords_AndBadCounts_AreUsageErrors()
    {
        using var dir = new TempDir();
        var file = dir.File("v.txt");
        File.WriteAllBytes(file, GensimQueryTests.Word2VecFile(Words, Rows, binary: false));
        // Before: '--limit' and '--bogus' were taken as query words (exit 1 after the answers of the others).
        foreach (var args in new[]
        {
            new[] { "similar", "--vectors", file, "a", "--bogus", "3" },
            ["analogy", "--vectors", file, "a", "bb", "--bogus"],
            ["similar", "--vectors", file, "--top", "-1", "a"],
            ["similar", "--vectors", file, "--limit", "0", "a"],
        })
        {
            var result = CliRunner.Run(args);
            Assert.That(result.ExitCode, Is.EqualTo(2), string.Join(' ', args) + ": " + result.Err);
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.Err, Does.EndWith(CliApp.Usage + "\n").Or.EndWith(CliApp.Usage + Environment.NewLine));
        }
    }
}

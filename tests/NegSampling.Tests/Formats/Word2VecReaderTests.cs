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

    /// <summary>A text file of 2,001 rows (a word twice within the first half and once across the middle, CRLF and
    /// trailing spaces on some lines) and its cases, for the parse in two parts at once.</summary>
    private static (string Text, string[] Words, float[][] Rows) TwoPartText(bool withHeader, int rows = 2_001)
    {
        var random = new Random(3);
        var words = Enumerable.Range(0, rows).Select(i => $"w{i}").ToArray();
        (words[20], words[1_500]) = (words[10], words[10]);
        var values = words.Select(_ => Enumerable.Range(0, 3).Select(_ => (float)(random.NextDouble() * 2 - 1))
            .ToArray()).ToArray();
        var text = new System.Text.StringBuilder(withHeader ? $"{rows} 3\n" : "");
        for (var i = 0; i < rows; i++)
            text.Append(words[i]).Append(' ').AppendJoin(' ', values[i].Select(v => v.ToString("R",
                System.Globalization.CultureInfo.InvariantCulture))).Append(i % 5 == 0 ? " \r\n" : "\n");
        return (text.ToString(), words, values);
    }

    private static (VectorFile.Loaded Loaded, string? Error) ReadText(string file, bool parallel, long limit) =>
        Catch(() => Word2VecReader.Load(file, binary: false, limit, parallel ? 0 : long.MaxValue));

    private static (VectorFile.Loaded Loaded, string? Error) Catch(Func<VectorFile.Loaded> read)
    {
        try { return (read(), null); }
        catch (InvalidDataException e) { return (null!, e.Message); }
    }

    /// <summary>The parse in two parts gives what one read from start to end gives: the words, the vectors bit for
    /// bit, the duplicates' warning, the limit, and the first error in the file with its line.</summary>
    [TestCase(true)]
    [TestCase(false)]
    public void TextParsedInTwoParts_EqualsOneRead(bool withHeader)
    {
        using var dir = new TempDir();
        var (text, words, values) = TwoPartText(withHeader);
        var file = dir.File("v.txt", text);
        foreach (var limit in new[] { long.MaxValue, 1_600, 5 })
        {
            var (serial, _) = ReadText(file, parallel: false, limit);
            var (parallel, _) = ReadText(file, parallel: true, limit);
            using (serial.Vectors)
            using (parallel.Vectors)
            {
                var expected = words.Take((int)Math.Min(limit, words.Length)).Distinct().ToArray();
                Assert.That(serial.Words, Is.EqualTo(expected), $"limit {limit}");
                Assert.That(parallel.Words, Is.EqualTo(serial.Words), $"limit {limit}");
                Assert.That(Numeric.BitIdentical(parallel.Vectors, serial.Vectors), Is.True, $"limit {limit}");
                Assert.That(parallel.Warning, Is.EqualTo(serial.Warning), $"limit {limit}");
                var rows = serial.Vectors.data<float>().ToArray();
                var kept = Enumerable.Range(0, (int)Math.Min(limit, words.Length))
                    .Where(i => i != 20 && i != 1_500).ToArray();
                for (var r = 0; r < kept.Length; r++)
                    Assert.That(rows.AsSpan(r * 3, 3).ToArray(), Is.EqualTo(values[kept[r]]), $"row {r}");
            }
        }
        Assert.That(ReadText(file, true, long.MaxValue).Loaded.Warning, Does.Contain(
            $"2 duplicate words (the first: 'w10', line {20 + (withHeader ? 2 : 1)})"));

        var lines = text.Split('\n');
        var first = withHeader ? 1 : 0;
        string Broken(params int[] rows)
        {
            var copy = lines.ToArray();
            foreach (var row in rows) copy[first + row] = $"w{row} 1 x 3";
            return dir.File($"bad{string.Join('-', rows)}.txt", string.Join('\n', copy));
        }
        foreach (var (bad, firstBad) in new[] { (Broken(1_800), 1_800), (Broken(100, 1_800), 100) })
        {
            var serialError = ReadText(bad, false, long.MaxValue).Error;
            Assert.That(serialError,
                Does.StartWith($"{bad}: line {firstBad + first + 1}: value 2 'x' is not a number"));
            Assert.That(ReadText(bad, true, long.MaxValue).Error, Is.EqualTo(serialError));
        }
        if (!withHeader) return;
        var promising = dir.File("more.txt", "2100 3\n" + text[(text.IndexOf('\n') + 1)..]);
        var cut = ReadText(promising, false, long.MaxValue).Error;
        Assert.That(cut, Is.EqualTo($"{promising}: line 2003: the file ends early (expected more words)"));
        Assert.That(ReadText(promising, true, long.MaxValue).Error, Is.EqualTo(cut));
    }
}

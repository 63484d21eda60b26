using System.IO.Compression;
using System.Text;
using NegSampling.Data;
using NegSampling.Tests.Support;
using NUnit.Framework;
using SharpCompress.Compressors.BZip2;

namespace NegSampling.Tests.Data;

/// <summary>
/// The byte reader against the project's first reader (ReferenceReader: File.ReadLines and string.Split), which
/// it replaces: the same tokens, vocabulary and ids, on PTB and on the odd cases of real text.
/// </summary>
[TestFixture, Category("Data")]
public sealed class CorpusReaderTests
{
    private static (Vocabulary Vocabulary, int[] Ids) Reference(string path, CorpusSettings settings)
    {
        var tokens = ReferenceReader.ReadTokens(path, settings.AppendEos, settings.MaxTokens).ToList();
        var vocabulary = Vocabulary.Build(tokens, settings.MinCount, settings.MaxVocab, settings.Order);
        return (vocabulary, vocabulary.Encode(tokens));
    }

    private static int[] Ids(TokenIds ids)
    {
        var result = new int[ids.Length];
        ids.CopyTo(0, result);
        return result;
    }

    private static void AssertSameAsReference(string path, CorpusSettings settings, string? read = null)
    {
        var (expectedVocabulary, expectedIds) = Reference(path, settings);
        var (vocabulary, ids) = CorpusReader.Read(read ?? path, settings);
        Assert.That(vocabulary.Words, Is.EqualTo(expectedVocabulary.Words), "words");
        Assert.That(vocabulary.Counts, Is.EqualTo(expectedVocabulary.Counts), "counts");
        Assert.That(Ids(ids), Is.EqualTo(expectedIds), "ids");
    }

    [Test]
    public void Ptb_SameTokensVocabularyAndIds_AsTheFirstReader()
    {
        var ptb = Path.Combine(Repository.DataDirectory, "ptb", "ptb.train.txt");
        if (!File.Exists(ptb)) Assert.Ignore($"{ptb} is not here");
        AssertSameAsReference(ptb, new CorpusSettings());
        AssertSameAsReference(ptb, new CorpusSettings(AppendEos: false, MinCount: 3, Order: VocabularyOrder.Frequency));
        AssertSameAsReference(ptb, new CorpusSettings(MaxTokens: 30_000, MaxVocab: 500));
    }

    private static readonly Dictionary<string, byte[]> OddTexts = new()
    {
        ["crlf"] = "a b\r\nc  d\r\n\r\ne\r\n"u8.ToArray(),
        ["lone-cr"] = "a b\rc\r\rd"u8.ToArray(),
        ["bom"] = [.. "\uFEFF"u8, .. "a b\nb a\n"u8],
        ["bom-only"] = [.. "\uFEFF"u8],
        ["latin-1"] = Encoding.Latin1.GetBytes("caf\u00e9 na\u00efve caf\u00e8 r\u00e9sum\u00e9\ncaf\u00e9\n"),
        ["tabs-vt-ff"] = "a\tb\vc\fd\n\t\n"u8.ToArray(),
        ["empty-lines"] = "\n\na\n\n\nb\n\n"u8.ToArray(),
        ["no-final-newline"] = "a b\nc d"u8.ToArray(),
        ["spaces-only-last-line"] = "a b\n   "u8.ToArray(),
        ["unicode-spaces"] = "a\u00a0b\u3000c\u0085d\u2009e\u2028f\u205fg\u1680h\u200bi \u00e9t\u00e9\n"u8.ToArray(),
        ["truncated-utf8"] = [(byte)'a', 0xE2, 0x80, (byte)' ', (byte)'b', (byte)' ', 0xC2, (byte)'c', 0xE2, 0x80, 0x80,
            (byte)'d', (byte)'\n', 0xE2, 0xE2, 0x80, 0x80, 0xF0, 0xE3, 0x80, 0x80, 0xC2],
        ["eos-in-text"] = "<eos> a <eos>\n"u8.ToArray(),
        ["empty"] = [],
        ["newline-only"] = "\n"u8.ToArray(),
    };

    [TestCaseSource(nameof(OddCases))]
    public void OddText_SameAsTheFirstReader(string name)
    {
        using var dir = new TempDir();
        var path = dir.File(name + ".txt");
        File.WriteAllBytes(path, OddTexts[name]);
        AssertSameAsReference(path, new CorpusSettings());
        AssertSameAsReference(path, new CorpusSettings(AppendEos: false));
        AssertSameAsReference(path, new CorpusSettings(MaxTokens: 3));
    }

    private static IEnumerable<string> OddCases() => OddTexts.Keys;

    /// <summary>Words, CRs and multi-byte spaces cut by the end of a read: a stream that gives one byte a
    /// call.</summary>
    [Test]
    public void ReadsGivingOneByteAtATime_GiveTheSameTokens()
    {
        var text = string.Concat(OddTexts.Values.Select(b =>
            Encoding.UTF8.GetString(b))) + "long-word-" + new string('x', 500);
        var bytes = Encoding.UTF8.GetBytes(text);
        var (table, builder) = (new WordTable(), new TokenIdBuilder());
        new ByteTokenizer(table, builder, appendEos: true, long.MaxValue).Read(new TrickleStream(bytes), "trickle");
        var (wholeTable, wholeBuilder) = (new WordTable(), new TokenIdBuilder());
        new ByteTokenizer(wholeTable, wholeBuilder, appendEos: true, long.MaxValue).Read(new MemoryStream(bytes),
            "whole");
        Assert.That(Ids(builder.Build()), Is.EqualTo(Ids(wholeBuilder.Build())));
        Assert.That(Enumerable.Range(0, table.Count).Select(i => table.Word(i).ToArray()),
            Is.EqualTo(Enumerable.Range(0, wholeTable.Count).Select(i => wholeTable.Word(i).ToArray())));
    }

    [Test]
    public void ManyBlocks_WordsLongerThanABlock_AndSeveralTexts_SameAsTheFirstReader()
    {
        // Blocks of 4 MB: words, CRLF and UTF-8 white space cut at the places a block can end, a word longer than
        // a block, and a second file read by the same tokenizer (a directory).
        using var dir = new TempDir();
        var random = new Random(5);
        var text = new StringBuilder();
        string[] separators = [" ", "  ", "\t", "\r\n", "\n", "\u3000", "\u00A0", "\r"];
        while (text.Length < 13_000_000)
        {
            text.Append("w").Append(random.Next(5000)).Append(separators[random.Next(separators.Length)]);
            if (text.Length is > 3_000_000 and < 3_000_020) text.Append(new string('y', 4_500_000)).Append(' ');
        }
        Directory.CreateDirectory(dir.File("corpus"));
        File.WriteAllText(dir.File("corpus/a.txt"), text.ToString());
        File.WriteAllText(dir.File("corpus/b.txt"), text.ToString(0, 2_000_000));
        var joined = dir.File("joined.txt");
        File.WriteAllText(joined, text + "\n" + text.ToString(0, 2_000_000));
        var (vocabulary, ids) = CorpusReader.Read(dir.File("corpus"), new CorpusSettings());
        var (expectedVocabulary, expectedIds) = Reference(joined, new CorpusSettings());
        Assert.That(vocabulary.Words, Is.EqualTo(expectedVocabulary.Words), "words");
        Assert.That(vocabulary.Counts, Is.EqualTo(expectedVocabulary.Counts), "counts");
        Assert.That(Ids(ids), Is.EqualTo(expectedIds), "ids");
    }

    /// <summary>A file cut into parts read at once (every odd case side by side, so that cuts fall after CRLF, lone
    /// CRs, empty lines, UTF-8 spaces and a BOM) gives what one read from start to end gives.</summary>
    [TestCase(2, 1)]
    [TestCase(7, 1)]
    [TestCase(5, 40)]
    public void AFileReadInParts_SameAsTheFirstReader(int maxParts, long minimumPart)
    {
        using var dir = new TempDir();
        var path = dir.File("odd.txt");
        File.WriteAllBytes(path, [.. OddTexts.OrderBy(t => t.Key).SelectMany(t => t.Value.Append((byte)'\n'))]);
        foreach (var settings in new[] { new CorpusSettings(), new CorpusSettings(AppendEos: false, MinCount: 2) })
        {
            var (expectedVocabulary, expectedIds) = Reference(path, settings);
            var (vocabulary, ids) = CorpusReader.Read(path, settings, maxParts, minimumPart);
            Assert.That(vocabulary.Words, Is.EqualTo(expectedVocabulary.Words), "words");
            Assert.That(vocabulary.Counts, Is.EqualTo(expectedVocabulary.Counts), "counts");
            Assert.That(Ids(ids), Is.EqualTo(expectedIds), "ids");
        }
        using var stream = File.OpenRead(path);
        var parts = TextParts.Of(stream, maxParts, minimumPart);
        Assert.That(parts, Has.Count.EqualTo(Math.Min(maxParts, stream.Length / minimumPart)), "cut as asked");
        Assert.That(parts.Sum(p => p.Length), Is.EqualTo(stream.Length));
    }

    /// <summary>Text refused in a later part names its offset in the file; in two parts, the earlier one's.</summary>
    [Test]
    public void NotText_InAFileReadInParts_IsRefusedAtItsOffsetInTheFile()
    {
        using var dir = new TempDir();
        var lines = string.Concat(Enumerable.Range(0, 2000).Select(i => $"word{i % 37} and more\n"));
        var path = dir.File("late-nul.txt");
        byte[] text = [.. Encoding.UTF8.GetBytes(lines), 0, .. "tail\n"u8];
        File.WriteAllBytes(path, text);
        var error = Assert.Throws<NotTextException>(() => CorpusReader.Read(path, new CorpusSettings(), 4, 100))!;
        Assert.That(error.Message, Does.Contain($"at byte {text.Length - 6:N0}"));

        var twice = dir.File("two-nuls.txt");
        File.WriteAllBytes(twice, [.. "a\n"u8, 0, .. text]);
        error = Assert.Throws<NotTextException>(() => CorpusReader.Read(twice, new CorpusSettings(), 4, 100))!;
        Assert.That(error.Message, Does.Contain("at byte 2"));
    }

    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(1, buffer.Length)]);
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(1, count));
    }

    private static string PlantedText() => PlantedCorpus.Text(groups: 3, wordsPerGroup: 4, sentences: 500,
        sentenceLength: 8, seed: 3);

    [TestCase("corpus.gz")]
    [TestCase("corpus.txt")] // a gzip file named .txt is read as gzip
    public void Gzip_SameAsThePlainFile(string name)
    {
        using var dir = new TempDir();
        var plain = dir.File("plain.txt", PlantedText());
        var packed = dir.File(name);
        using (var output = new GZipStream(File.Create(packed),
            CompressionLevel.Fastest)) output.Write(File.ReadAllBytes(plain));
        AssertSameAsReference(plain, new CorpusSettings(), packed);
    }

    [Test]
    public void Bzip2_SameAsThePlainFile()
    {
        using var dir = new TempDir();
        var plain = dir.File("plain.txt", PlantedText());
        var packed = dir.File("corpus.bz2");
        using (var file = File.Create(packed))
        using (var output = BZip2Stream.Create(file, SharpCompress.Compressors.CompressionMode.Compress, false))
            output.Write(File.ReadAllBytes(plain));
        AssertSameAsReference(plain, new CorpusSettings(), packed);
    }

    [Test]
    public void ZipOfOneEntry_AsText8Ships_SameAsThePlainFile_AndAZipOfTwoIsRefused()
    {
        using var dir = new TempDir();
        var plain = dir.File("plain.txt", PlantedText());
        var packed = dir.File("text8.zip");
        using (var zip = ZipFile.Open(packed, ZipArchiveMode.Create)) zip.CreateEntryFromFile(plain, "text8");
        AssertSameAsReference(plain, new CorpusSettings(), packed);

        var two = dir.File("two.zip");
        using (var zip = ZipFile.Open(two, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(plain, "a");
            zip.CreateEntryFromFile(plain, "b");
        }
        Assert.That(Assert.Throws<InvalidDataException>(() => CorpusReader.Read(two, new CorpusSettings()))!.Message,
            Does.Contain("two.zip").And.Contain("one text file").And.Contain("holds 2"));
    }

    [Test]
    public void Directory_IsEveryFileInNameOrder_EachCompressedOrNot()
    {
        using var dir = new TempDir();
        var lines = PlantedText().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var whole = dir.File("whole.txt", string.Join('\n', lines) + "\n");
        var parts = Directory.CreateDirectory(Path.Combine(dir.Path, "parts")).FullName;
        File.WriteAllText(Path.Combine(parts, "b-second.txt"), string.Join('\n', lines[200..400]) + "\n");
        File.WriteAllText(Path.Combine(parts, "a-first.txt"), string.Join('\n', lines[..200]) + "\n");
        using (var output = new GZipStream(File.Create(Path.Combine(parts, "c-third.gz")), CompressionLevel.Fastest))
            output.Write(Encoding.UTF8.GetBytes(string.Join('\n', lines[400..]) + "\n"));
        AssertSameAsReference(whole, new CorpusSettings(), parts);
    }

    [Test]
    public void NotText_IsRefusedNamingTheFileAndOffset()
    {
        using var dir = new TempDir();
        var withNul = dir.File("nul.txt");
        File.WriteAllBytes(withNul, [.. "hello world\n"u8, 0, .. "more\n"u8]);
        var error = Assert.Throws<NotTextException>(() => CorpusReader.Read(withNul, new CorpusSettings()))!;
        Assert.That(error.Message, Does.Contain("nul.txt").And.Contain("at byte 12").And.Contain("NUL"));

        var random = dir.File("random.bin");
        var bytes = new byte[100_000];
        new Random(5).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++) bytes[i] = bytes[i] == 0
            ? (byte)0xFF : bytes[i]; // no NUL: the other test
        File.WriteAllBytes(random, bytes);
        Assert.That(Assert.Throws<NotTextException>(() => CorpusReader.Read(random, new CorpusSettings()))!.Message,
            Does.Contain("random.bin").And.Contain("control bytes or bytes of invalid UTF-8"));

        var packedNul = dir.File("nul.gz");
        using (var output = new GZipStream(File.Create(packedNul),
            CompressionLevel.Fastest)) output.Write(File.ReadAllBytes(withNul));
        Assert.That(Assert.Throws<NotTextException>(() => CorpusReader.Read(packedNul, new CorpusSettings()))!.Message,
            Does.Contain("nul.gz (gzip)").And.Contain("at byte 12"));
    }
}

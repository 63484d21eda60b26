using System.Buffers.Binary;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Evaluation;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Formats;

[TestFixture, Category("Data")]
public sealed class NativeVectorsTests
{
    [Test]
    public void Export_ThenQuery_FromTheMappedFile()
    {
        using var dir = new TempDir();
        var text = WordVectorsTests.ToyFile(dir);
        var native = dir.File("toy.nsvec");
        var export = CliRunner.Run("export", "--checkpoint", text, "--format", "native", "--out", native);
        Assert.That(export.ExitCode, Is.EqualTo(0), export.Err);
        Assert.That(export.Out, Does.Contain("7 x 4 vectors (native)"));
        Assert.That(VectorFile.Detect(native), Is.EqualTo(VectorFormat.Native));

        var bytes = File.ReadAllBytes(native);
        Assert.That(bytes.Length, Is.EqualTo(128 + 7 * 4 * 4), "a 32-byte header and 35 bytes of words, padded to 128");
        using var toy = WordVectorsTests.Toy();
        using var mapped = WordVectors.Load(native);
        Assert.That(mapped.Words, Is.EqualTo(toy.Words));
        Assert.That(Numeric.BitIdentical(mapped.Vectors, toy.Vectors), Is.True);
        Assert.That(mapped.MostSimilar("cat", 3), Is.EqualTo(toy.MostSimilar("cat", 3)));
        using var two = WordVectors.Load(native, limit: 2);
        Assert.That(two.Words, Is.EqualTo(new[] { "man", "woman" }));

        var similar = CliRunner.Run("similar", "--vectors", native, "--top", "1", "cat");
        Assert.That(similar.Out, Does.Contain("[query] cat\n dog: 0.99504"));
    }

    [Test]
    public void HeaderPromisingMoreThanTheFile_RefusedBeforeMapping()
    {
        using var dir = new TempDir();
        var native = dir.File("toy.nsvec");
        using (var toy = WordVectorsTests.Toy()) toy.Save(native, VectorFormat.Native);
        var bytes = File.ReadAllBytes(native);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(8), 1_000_000_000);
        var lying = dir.File("lying.nsvec");
        File.WriteAllBytes(lying, bytes);
        Assert.That(Assert.Throws<InvalidDataException>(() => WordVectors.Load(lying))!.Message,
            Does.StartWith($"{lying}: the header promises 1,000,000,000 vectors of 4 values")
                .And.Contain($"but the file holds {bytes.Length} bytes"));

        var cut = dir.File("cut.nsvec");
        File.WriteAllBytes(cut, File.ReadAllBytes(native)[..^4]);
        var cli = CliRunner.Run("similar", "--vectors", cut, "cat");
        Assert.That(cli.ExitCode, Is.EqualTo(1));
        Assert.That(cli.Err, Does.StartWith($"error: {cut}: the header promises 7 vectors"));
    }

    /// <summary>The words are decoded from a small buffer one by one (no copy of the block held): words that cross
    /// its edges, one longer than it, non-ASCII ones, and a limit that decodes the first rows only, all come back as
    /// written; a block one word short is refused naming the promise and the count.</summary>
    [Test]
    public void Words_AcrossTheReadBuffer_ComeBackAsWritten()
    {
        using var dir = new TempDir();
        var words = Enumerable.Range(0, 30_000).Select(i => i % 7 == 0 ? $"ü{i}é" : $"w{i}").ToList();
        words[12_345] = new string('x', 100_000) + "ß";
        var native = dir.File("many.nsvec");
        using (var source = new WordVectors(words, TorchSharp.torch.arange(30_000 * 2).view(30_000, 2)
                   .to_type(TorchSharp.torch.ScalarType.Float32)))
            source.Save(native, VectorFormat.Native);
        using (var read = WordVectors.Load(native))
        {
            Assert.That(read.Words, Is.EqualTo(words));
            Assert.That(read.Vector(words[12_345]), Is.EqualTo(new float[] { 24_690, 24_691 }));
        }
        using (var first = WordVectors.Load(native, limit: 3))
            Assert.That(first.Words, Is.EqualTo(new[] { "ü0é", "w1", "w2" }));

        // The header says 30,000 words; the block's last line feed becomes a letter: 29,999 words and a tail.
        var bytes = File.ReadAllBytes(native);
        var blockEnd = 32 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(24));
        bytes[blockEnd - 1] = (byte)'z';
        var short1 = dir.File("short.nsvec");
        File.WriteAllBytes(short1, bytes);
        Assert.That(Assert.Throws<InvalidDataException>(() => WordVectors.Load(short1))!.Message,
            Is.EqualTo($"{short1}: the header promises 30,000 words, found 29,999"));
    }
}

using System.Text;
using NegSampling.Evaluation;
using NegSampling.Formats;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Formats;

[TestFixture, Category("Evaluation")]
public sealed class FormatTests
{
    private static WordVectors Random(int v, int h)
    {
        var words = Enumerable.Range(0, v).Select(i => $"w{i}é").ToList(); // non-ASCII: UTF-8 in both formats
        return new WordVectors(words, randn(v, h, generator: new Generator(4)) * 3);
    }

    [Test]
    public void Text_RoundTripsExactly()
    {
        using var dir = new TempDir();
        using var original = Random(50, 7);
        var path = dir.File("v.txt");
        Word2VecFormat.Save(original.Words, original.Vectors, path, binary: false);
        using var loaded = WordVectors.Load(path);
        Assert.That(loaded.Words, Is.EqualTo(original.Words));
        Assert.That(Numeric.BitIdentical(loaded.Vectors, original.Vectors), Is.True,
            "shortest round-trip decimals read back exactly");
    }

    [Test]
    public void Binary_RoundTripsBitExact()
    {
        using var dir = new TempDir();
        using var original = Random(50, 7);
        var path = dir.File("v.bin");
        Word2VecFormat.Save(original.Words, original.Vectors, path, binary: true);
        Assert.That(VectorFile.Detect(path), Is.EqualTo(VectorFormat.Word2VecBinary));
        using var loaded = WordVectors.Load(path);
        Assert.That(loaded.Words, Is.EqualTo(original.Words));
        Assert.That(Numeric.BitIdentical(loaded.Vectors, original.Vectors), Is.True);
    }

    [Test]
    public void Word2VecFlavour_IsToldByContent_NotByName()
    {
        using var dir = new TempDir();
        using var original = Random(50, 7);
        var binaryNamedTxt = dir.File("binary.txt");
        var textNamedBin = dir.File("text.bin");
        Word2VecFormat.Save(original.Words, original.Vectors, binaryNamedTxt, binary: true);
        Word2VecFormat.Save(original.Words, original.Vectors, textNamedBin, binary: false);
        Assert.That(VectorFile.Detect(binaryNamedTxt), Is.EqualTo(VectorFormat.Word2VecBinary));
        Assert.That(VectorFile.Detect(textNamedBin), Is.EqualTo(VectorFormat.Word2Vec));
        foreach (var path in new[] { binaryNamedTxt, textNamedBin })
        {
            using var loaded = WordVectors.Load(path);
            Assert.That(loaded.Words, Is.EqualTo(original.Words), path);
            Assert.That(Numeric.BitIdentical(loaded.Vectors, original.Vectors), Is.True, path);
        }
    }

    [Test]
    public void Files_FollowTheWord2VecSpecByteForByte()
    {
        using var dir = new TempDir();
        using var wv = new WordVectors(["a", "bb"], tensor(new float[] { 1.5f, -2f, 0.1f, 3f }).view(2, 2));
        var text = dir.File("v.txt");
        Word2VecFormat.Save(wv.Words, wv.Vectors, text, binary: false);
        Assert.That(File.ReadAllText(text), Is.EqualTo("2 2\na 1.5 -2\nbb 0.1 3\n"));
        var binary = dir.File("v.bin");
        Word2VecFormat.Save(wv.Words, wv.Vectors, binary, binary: true);
        var expected = new List<byte>();
        expected.AddRange(Encoding.ASCII.GetBytes("2 2\na "));
        expected.AddRange(new byte[] { 0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0 }); // 1.5f, -2f (IEEE 754 LE)
        expected.AddRange(Encoding.ASCII.GetBytes("\nbb "));
        expected.AddRange(new byte[] { 0xCD, 0xCC, 0xCC, 0x3D, 0x00, 0x00, 0x40, 0x40 }); // 0.1f, 3f
        expected.Add((byte)'\n');
        Assert.That(File.ReadAllBytes(binary), Is.EqualTo(expected.ToArray()));
    }

    [Test]
    public void Float16_RoundTripsToHalfPrecision()
    {
        using var dir = new TempDir();
        using var original = Random(20, 5);
        var path = dir.File("v.npy");
        Float16Matrix.Save(original.Words, original.Vectors, path);
        Assert.That(File.ReadAllBytes(path).Take(6).ToArray(),
            Is.EqualTo(new byte[] { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59 }), "NPY magic");
        using var loaded = WordVectors.Load(path);
        var expected = original.Vectors.data<float>().ToArray().Select(x => (float)(Half)x).ToArray();
        Assert.That(loaded.Vectors.data<float>().ToArray(), Is.EqualTo(expected));
        Assert.That(loaded.Words, Is.EqualTo(original.Words));
    }

    [Test]
    public void BadFiles_NameTheLine()
    {
        using var dir = new TempDir();
        Assert.That(Assert.Throws<InvalidDataException>(() => WordVectors.Load(dir.File("a.txt",
            "two 2 x\n")))!.Message,
            Does.Contain("line 1").And.Contain("'V H'"));
        Assert.That(Assert.Throws<InvalidDataException>(() => WordVectors.Load(dir.File("b.txt",
            "1 3\nw 1.5 2.5\n")))!.Message, Does.Contain("line 2").And.Contain("found 2 values"));
        Assert.That(Assert.Throws<InvalidDataException>(() => WordVectors.Load(dir.File("c.txt",
            "1 2\nw 1 x\n")))!.Message, Does.Contain("'x' is not a number"));
    }
}

using NegSampling.Data;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Data;

[TestFixture, Category("Data")]
public sealed class TokenIdsTests
{
    /// <summary>Past one heap block (2^24 ids): add, remap with drops, copy across the block edge, write and map
    /// back.</summary>
    [Test]
    public void MoreThanOneBlock_RemapCopyWriteAndMap()
    {
        const int n = 20_000_000; // 17,142,857 survive the drop: past the first block
        var builder = new TokenIdBuilder();
        for (var i = 0; i < n; i++) builder.Add((uint)(i % 7));
        // Word 3 dropped, the others renumbered 6 - id: a survivor at position p came from position p + p / 6.
        builder.Remap([6, 5, 4, -1, 2, 1, 0]);
        var ids = builder.Build();
        var expected = Enumerable.Range(0, n).Where(i => i % 7 != 3).Select(i => 6 - i % 7).ToArray();
        Assert.That(ids.Length, Is.EqualTo(expected.Length));
        var edge = new int[64];
        ids.CopyTo((1 << 24) - 32, edge);
        Assert.That(edge, Is.EqualTo(expected[((1 << 24) - 32)..((1 << 24) + 32)]));
        Assert.That(ids[expected.Length - 1], Is.EqualTo((uint)expected[^1]));
        Assert.That(ids.Max(), Is.EqualTo(6u));

        using var dir = new TempDir();
        var file = dir.File("ids.bin");
        using (var stream = File.Create(file)) ids.WriteTo(stream);
        Assert.That(new FileInfo(file).Length, Is.EqualTo(expected.LongLength * 4));
        using var mapped = TokenIds.Map(file);
        Assert.That(mapped.IsMapped, Is.True);
        var all = new int[mapped.Length];
        mapped.CopyTo(0, all);
        Assert.That(all, Is.EqualTo(expected));
    }

    /// <summary>Joining ids read apart (a file's parts): the second's ids, mapped, follow the first's, across the
    /// block edges of both, with either empty.</summary>
    [TestCase((1 << 24) + 3, (1 << 24) + 7)]
    [TestCase(5, (1 << 24) + 1)]
    [TestCase(1 << 24, 9)]
    [TestCase(0, 11)]
    [TestCase(13, 0)]
    public void Join_AppendsTheOthersIdsMapped(int first, int second)
    {
        var (a, b) = (new TokenIdBuilder(), new TokenIdBuilder());
        for (var i = 0; i < first; i++) a.Add((uint)(i % 1000));
        for (var i = 0; i < second; i++) b.Add((uint)(i % 500));
        var map = Enumerable.Range(0, 500).Select(id => 1000 + 3 * id).ToArray();
        a.Join(b, map);
        Assert.That(b.Count, Is.EqualTo(0), "the other is left empty");
        var ids = a.Build();
        Assert.That(ids.Length, Is.EqualTo((long)first + second));
        long[] probes = [0, 1, first - 1, first, first + 1, (1 << 24) - 1, 1 << 24, (1 << 24) + 1, first + second - 1];
        foreach (var at in probes.Where(p => p >= 0 && p < first + second))
        {
            var expected = at < first ? at % 1000 : 1000 + 3 * ((at - first) % 500);
            Assert.That(ids[at], Is.EqualTo((uint)expected), $"position {at}");
        }
    }
}

using NegSampling.Data;
using NegSampling.Fast;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Fast;

[TestFixture, Category("Training")]
public sealed class BatchTensorsTests
{
    [Test]
    public void Load_GivesTheFilledRows_RefilledEachTime()
    {
        var batch = new ContextBatch(3, 2);
        using var tensors = new BatchTensors(3, 2);
        Fill(batch, rows: 2, first: 10);
        var (contexts, mask, target) = tensors.Load(batch, CPU, ScalarType.Float64);
        Assert.That(contexts.shape, Is.EqualTo(new long[] { 2, 2 }));
        Assert.That(Numeric.ToDoubles(contexts), Is.EqualTo(new double[] { 10, 11, 12, 13 }));
        Assert.That(mask.dtype, Is.EqualTo(ScalarType.Float64));
        Assert.That(Numeric.ToDoubles(mask), Is.EqualTo(new double[] { 1, 0, 1, 0 }));
        Assert.That(Numeric.ToDoubles(target), Is.EqualTo(new double[] { 100, 101 }));

        Fill(batch, rows: 3, first: 20);
        (contexts, _, target) = tensors.Load(batch, CPU, ScalarType.Float32);
        Assert.That(Numeric.ToDoubles(contexts), Is.EqualTo(new double[] { 20, 21, 22, 23, 24, 25 }));
        Assert.That(Numeric.ToDoubles(target), Is.EqualTo(new double[] { 100, 101, 102 }));
    }

    [Test]
    public void Load_RefusesABatchThatDoesNotFit()
    {
        using var tensors = new BatchTensors(2, 2);
        var wide = new ContextBatch(2, 4) { Rows = 1 };
        var ex = Assert.Throws<ArgumentException>(() => tensors.Load(wide, CPU, ScalarType.Float32));
        Assert.That(ex!.Message, Does.Contain("a batch of 1 x 4 does not fit tensors of 2 x 2"));
    }

    private static void Fill(ContextBatch batch, int rows, long first)
    {
        batch.Rows = rows;
        for (var i = 0; i < rows * batch.Width; i++)
        {
            batch.Contexts[i] = first + i;
            batch.Mask[i] = i % 2 == 0 ? 1 : 0;
        }
        for (var r = 0; r < rows; r++) batch.Target[r] = 100 + r;
    }
}

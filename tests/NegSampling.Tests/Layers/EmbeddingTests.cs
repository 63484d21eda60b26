using NegSampling.Layers;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Layers;

[TestFixture, Category("Layers")]
public sealed class EmbeddingTests
{
    [Test]
    public void Forward_GathersRows()
    {
        using var layer = new Embedding(arange(21, ScalarType.Float32).reshape(7, 3));
        var output = layer.forward(tensor(new long[] { 0, 3, 1 }));
        Assert.That(Numeric.ToDoubles(output), Is.EqualTo(new double[] { 0, 1, 2, 9, 10, 11, 3, 4, 5 }));
    }

    /// <summary>Int32 ids (what torch.tensor of Python ints gives on some platforms, and numpy's int32) work as Int64
    /// ids.</summary>
    [TestCase(GradientMode.Manual)]
    [TestCase(GradientMode.Autograd)]
    public void Int32Ids_GiveWhatInt64IdsGive_ForwardAndBackward(GradientMode mode)
    {
        var weight = randn(6, 3, ScalarType.Float64, generator: new Generator(4));
        var ids = new[] { 5, 0, 5, 2 };
        var dout = tensor(new double[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }).reshape(2, 2, 3);
        (Tensor Output, Tensor Grad) Run(Tensor idx)
        {
            using var layer = new Embedding(weight, mode);
            var output = layer.forward(idx);
            (output * dout).sum().backward();
            return (output.detach().clone(), layer.W.grad!.clone());
        }
        var wide = Run(tensor(ids.Select(i => (long)i).ToArray()).reshape(2, 2));
        var narrow = Run(tensor(ids).reshape(2, 2));
        Assert.That(Numeric.BitIdentical(narrow.Output, wide.Output), Is.True);
        Assert.That(Numeric.BitIdentical(narrow.Grad, wide.Grad), Is.True);
        Assert.That(Numeric.ToDoubles(narrow.Grad[5]), Is.EqualTo(new double[] { 8, 10, 12 }),
            "rows of dout for ids 0 and 2");
        using var dot = new EmbeddingDot(weight, mode);
        var h = ones(2, 3, ScalarType.Float64);
        Assert.That(Numeric.BitIdentical(dot.forward(h, tensor(new[] { 1, 4 })),
            dot.forward(h, tensor(new long[] { 1, 4 }))), Is.True);
    }

    [Test]
    public void Backward_RepeatedIdsAccumulate()
    {
        using var layer = new Embedding(zeros(4, 2, ScalarType.Float64));
        var dout = tensor(new double[] { 1, 2, 10, 20, 100, 200 }).reshape(3, 2);
        (layer.forward(tensor(new long[] { 1, 1, 1 })) * dout).sum().backward();
        // np.add.at semantics: all three rows of dout land in row 1.
        Assert.That(Numeric.ToDoubles(layer.W.grad!), Is.EqualTo(new double[] { 0, 0, 111, 222, 0, 0, 0, 0 }));
    }

    [Test]
    public void Backward_TouchesOnlyUsedRows()
    {
        using var layer = new Embedding(randn(10, 4, ScalarType.Float64));
        layer.forward(tensor(new long[] { 2, 7, 2 }).reshape(3, 1)).pow(2).sum().backward();
        var grad = layer.W.grad!;
        for (var row = 0; row < 10; row++)
        {
            var nonZero = grad[row].abs().sum().item<double>() != 0;
            Assert.That(nonZero, Is.EqualTo(row is 2 or 7), $"row {row}");
        }
    }

    [TestCase(ScalarType.Float64, 1e-12)]
    [TestCase(ScalarType.Float32, 1e-5)]
    public void HandWritten_MatchesAutograd(ScalarType dtype, double rtol)
    {
        var gen = new Generator(11);
        foreach (var shape in new[] { new long[] { 5 }, new long[] { 4, 3 }, new long[] { 2, 3, 4 } })
        {
            var w = randn(6, 5, dtype, generator: gen);
            var idx = randint(0, 6, shape, generator: gen); // 6 ids over up to 24 slots: repeats guaranteed
            var dout = randn([.. shape, 5], dtype, generator: gen);
            using var manual = new Embedding(w, GradientMode.Manual);
            using var auto = new Embedding(w, GradientMode.Autograd);
            var yManual = manual.forward(idx);
            var yAuto = auto.forward(idx);
            (yManual * dout).sum().backward();
            (yAuto * dout).sum().backward();
            Numeric.AssertClose(yManual, yAuto, rtol, what: "forward");
            Numeric.AssertClose(manual.W.grad!, auto.W.grad!, rtol, atol: rtol, what: "dW");
        }
    }

    [Test]
    public void HandWritten_MatchesNumericGradient()
    {
        using var layer = new Embedding(randn(5, 3, ScalarType.Float64));
        var idx = tensor(new long[] { 4, 0, 4, 2 });
        var dout = randn(4, 3, ScalarType.Float64);
        (layer.forward(idx) * dout).sum().backward();
        var numeric = Numeric.Gradient(() =>
            { using var _ = no_grad(); return (layer.forward(idx) * dout).sum().item<double>(); }, layer.W);
        Numeric.AssertClose(layer.W.grad!, numeric, 1e-6, 1e-8, "dW");
    }

    [Test]
    public void BadIds_AreClearErrors()
    {
        using var layer = new Embedding(zeros(7, 3));
        var outOfRange = Assert.Throws<ArgumentException>(() => layer.forward(tensor(new long[] { 0, 7 })))!;
        Assert.That(outOfRange.Message, Does.Contain("id 7").And.Contain("7 rows"));
        var negative = Assert.Throws<ArgumentException>(() => layer.forward(tensor(new long[] { 1, -2 })))!;
        Assert.That(negative.Message, Does.Contain("negative id -2"));
        var floats = Assert.Throws<ArgumentException>(() => layer.forward(tensor(new float[] { 0.5f })))!;
        Assert.That(floats.Message, Does.Contain("integer").And.Contain("Float32"));
    }
}

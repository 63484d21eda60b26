using NegSampling.Layers;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Layers;

[TestFixture, Category("Layers")]
public sealed class EmbeddingDotTests
{
    /// <summary>The seed notebook's printed walk-through.</summary>
    [Test]
    public void SeedWorkedExample()
    {
        var w = arange(21, ScalarType.Float32).reshape(7, 3);
        var idx = tensor(new long[] { 0, 3, 1 });
        var h = w.index_select(0, tensor(new long[] { 0, 1, 2 }));
        using var embed = new Embedding(w);
        using var layer = new EmbeddingDot(w);
        var targetW = embed.forward(idx);
        Assert.That(Numeric.ToDoubles(targetW), Is.EqualTo(new double[] { 0, 1, 2, 9, 10, 11, 3, 4, 5 }));
        Assert.That(Numeric.ToDoubles(targetW * h), Is.EqualTo(new double[] { 0, 1, 4, 27, 40, 55, 18, 28, 40 }));
        Assert.That(Numeric.ToDoubles(layer.forward(h, idx)), Is.EqualTo(new double[] { 5, 122, 86 }));
    }

    [TestCase(ScalarType.Float64, 1e-12)]
    [TestCase(ScalarType.Float32, 1e-5)]
    public void HandWritten_MatchesAutograd(ScalarType dtype, double rtol)
    {
        var gen = new Generator(5);
        foreach (var idxShape in new[] { new long[] { 6 }, new long[] { 6, 4 } })
        {
            var w = randn(5, 3, dtype, generator: gen);
            var idx = randint(0, 5, idxShape, generator: gen);
            var hManual = randn(6, 3, dtype, generator: gen).requires_grad_();
            var hAuto = hManual.detach().clone().requires_grad_();
            var dout = randn(idxShape, dtype, generator: gen);
            using var manual = new EmbeddingDot(w, GradientMode.Manual);
            using var auto = new EmbeddingDot(w, GradientMode.Autograd);
            var yManual = manual.forward(hManual, idx);
            var yAuto = auto.forward(hAuto, idx);
            (yManual * dout).sum().backward();
            (yAuto * dout).sum().backward();
            Numeric.AssertClose(yManual, yAuto, rtol, rtol, "forward");
            Numeric.AssertClose(manual.W.grad!, auto.W.grad!, rtol, rtol, "dW");
            Numeric.AssertClose(hManual.grad!, hAuto.grad!, rtol, rtol, "dh");
        }
    }

    [Test]
    public void HandWritten_MatchesNumericGradient()
    {
        using var layer = new EmbeddingDot(randn(4, 3, ScalarType.Float64));
        var h = randn(5, 3, ScalarType.Float64).requires_grad_();
        var idx = tensor(new long[] { 0, 3, 3, 1, 0, 2, 3, 3, 2, 1 }).reshape(5, 2);
        var dout = randn(5, 2, ScalarType.Float64);
        (layer.forward(h, idx) * dout).sum().backward();
        double Objective() { using var _ = no_grad(); return (layer.forward(h, idx) * dout).sum().item<double>(); }
        Numeric.AssertClose(layer.W.grad!, Numeric.Gradient(Objective, layer.W), 1e-6, 1e-8, "dW");
        Numeric.AssertClose(h.grad!, Numeric.Gradient(Objective, h), 1e-6, 1e-8, "dh");
    }

    [Test]
    public void Backward_TouchesOnlyUsedRows()
    {
        using var layer = new EmbeddingDot(randn(6, 2, ScalarType.Float64));
        layer.forward(randn(2, 2, ScalarType.Float64), tensor(new long[] { 5, 1 })).sum().backward();
        Assert.That(Numeric.ToDoubles(layer.W.grad!.abs().sum(1)).Select(x => x != 0),
            Is.EqualTo(new[] { false, true, false, false, false, true }));
    }

    [Test]
    public void ShapeMismatch_IsClearError()
    {
        using var layer = new EmbeddingDot(zeros(7, 3));
        var rows = Assert.Throws<ArgumentException>(() => layer.forward(zeros(3, 3), tensor(new long[] { 0, 1 })))!;
        Assert.That(rows.Message, Does.Contain("[2]").And.Contain("[3, 3]"));
        var width = Assert.Throws<ArgumentException>(() => layer.forward(zeros(2, 4), tensor(new long[] { 0, 1 })))!;
        Assert.That(width.Message, Does.Contain("B x 3").And.Contain("[2, 4]"));
        var range = Assert.Throws<ArgumentException>(() => layer.forward(zeros(2, 3), tensor(new long[] { 0, 9 })))!;
        Assert.That(range.Message, Does.Contain("id 9"));
    }
}

using NegSampling.Fast;
using NegSampling.Layers;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Fast;

/// <summary>The book layers' math without autograd (the libtorch route's parts) against the layers.</summary>
[TestFixture, Category("Layers")]
public sealed class SparseLayersTests
{
    [Test]
    public void WeightedSum_IsTheWeightedSumOfTheRows_AndWStaysOneTrainableParameter()
    {
        var gen = new Generator(21);
        using var layer = new Embedding(randn(6, 5, ScalarType.Float64, generator: gen));
        var idx = tensor(new long[] { 0, 3, 3, 5, 1, 0 }).reshape(2, 3);
        var weights = tensor(new double[] { 0.5, 0.25, 0.25, 1, 0, 2 }).reshape(2, 3);
        var w = Numeric.ToDoubles(layer.W);
        var expected = new double[10];
        long[] ids = [0, 3, 3, 5, 1, 0];
        double[] c = [0.5, 0.25, 0.25, 1, 0, 2];
        for (var slot = 0; slot < 6; slot++)
            for (var j = 0; j < 5; j++)
                expected[slot / 3 * 5 + j] += c[slot] * w[ids[slot] * 5 + j];

        using var sum = new SparseEmbedding(layer.W);
        Tensor h;
        using (no_grad()) h = sum.WeightedSum(idx, weights);
        Assert.That(Numeric.ToDoubles(h), Is.EqualTo(expected).Within(1e-12));
        Assert.That(layer.parameters().Count(), Is.EqualTo(1),
            "the embedding_bag behind WeightedSum is not a second parameter");
        Assert.That(layer.W.requires_grad, Is.True, "W still trains through autograd");
    }

    /// <summary>The fast path's scores and dh (CPU kernel and embedding_bag) against autograd through the
    /// layer.</summary>
    [TestCase(ScalarType.Float64, 1e-12)]
    [TestCase(ScalarType.Float32, 1e-5)]
    public void SparseEmbeddingDot_MatchesAutogradThroughTheLayer(ScalarType dtype, double rtol)
    {
        var gen = new Generator(8);
        foreach (var idxShape in new[] { new long[] { 6 }, new long[] { 6, 4 } })
        {
            var w = randn(5, 13, dtype, generator: gen);
            var idx = randint(0, 5, idxShape, generator: gen);
            var h = randn(6, 13, dtype, generator: gen).requires_grad_();
            var dout = randn(idxShape, dtype, generator: gen);
            using var auto = new EmbeddingDot(w, GradientMode.Autograd);
            var expectedScores = auto.forward(h, idx);
            (expectedScores * dout).sum().backward();
            using var fast = new SparseEmbeddingDot(w);
            using (no_grad())
            {
                Numeric.AssertClose(fast.Scores(h.detach(), idx), expectedScores, rtol, atol: rtol,
                    what: $"scores for idx {idx.dim()}-D");
                Numeric.AssertClose(fast.Dh(dout, idx), h.grad!, rtol, atol: rtol,
                    what: $"dh for idx {idx.dim()}-D");
            }
        }
    }
}

using NegSampling.Fast;
using NegSampling.Layers;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Fast;

[TestFixture, Category("Layers")]
public sealed class CpuRowKernelsTests
{
    // H = 13: SIMD lanes and a scalar tail in every row, for float32 and float64 alike.
    [TestCase(ScalarType.Float64, 1e-12)]
    [TestCase(ScalarType.Float32, 1e-5)]
    public void RowsGiven_EqualsIndexAddOfTheRows(ScalarType dtype, double rtol)
    {
        var gen = new Generator(3);
        var w = randn(9, 13, dtype, generator: gen);
        var ids = randint(0, 9, [40], generator: gen); // 40 ids over 9 rows: repeats guaranteed
        var rows = randn(40, 13, dtype, generator: gen);
        var expected = w.clone().index_add_(0, ids, rows, alpha: -0.3);

        Assert.That(CpuRowKernels.TryAdd(w, ids, rows, null, -0.3), Is.True);
        Numeric.AssertClose(w, expected, rtol, atol: rtol);
    }

    [TestCase(ScalarType.Float64, 1e-12)]
    [TestCase(ScalarType.Float32, 1e-5)]
    public void RowsAsProducts_EqualMaterialisedProducts_WithZeroCoefficients(ScalarType dtype, double rtol)
    {
        var gen = new Generator(4);
        var w = randn(9, 13, dtype, generator: gen);
        var ids = randint(0, 7, [6, 4], generator: gen); // rows 7 and 8 never used
        var coefficients = randn(6, 4, dtype, generator: gen) * (rand(6, 4, generator: gen) > 0.3).to_type(dtype);
        var vectors = randn(6, 13, dtype, generator: gen);
        // Row (b, m) of the update is coefficients[b, m] * vectors[b], built here by broadcasting.
        var products = (coefficients.unsqueeze(2) * vectors.unsqueeze(1)).reshape(24, 13);
        var expected = w.clone().index_add_(0, ids.reshape(-1), products, alpha: 0.7);
        var untouched = ones(9, ScalarType.Bool).index_put_(tensor(false), ids.reshape(-1));

        Assert.That(CpuRowKernels.TryAdd(w, ids.reshape(-1), vectors, coefficients.reshape(-1), 0.7), Is.True);
        Numeric.AssertClose(w, expected, rtol, atol: rtol);
        Assert.That(untouched.any().item<bool>(), Is.True, "the case leaves some rows unused");
        Assert.That(Numeric.ToDoubles(w[untouched]), Is.EqualTo(Numeric.ToDoubles(expected[untouched])),
            "unused rows are bit-identical");
    }

    [Test]
    public void OutOfRangeId_ThrowsBeforeWritingAnyRow()
    {
        var w = zeros(4, 3);
        var ids = tensor(new long[] { 1, 2, 4 });
        var ex = Assert.Throws<ArgumentException>(() => CpuRowKernels.TryAdd(w, ids, ones(3, 3), null, 1.0));
        Assert.That(ex!.Message, Does.Contain("id 4 is outside 0..3"));
        Assert.That(w.abs().sum().item<float>(), Is.Zero, "rows 1 and 2 come before the bad id and stay untouched");
    }

    [Test]
    public void LayoutsItCannotWalk_ReturnFalseAndTouchNothing()
    {
        var w = zeros(3, 4);
        var ids = tensor(new long[] { 0, 1 });
        Assert.Multiple(() =>
        {
            Assert.That(CpuRowKernels.TryAdd(zeros(4, 3).t(), ids, ones(2, 4), null, 1.0), Is.False,
                "non-contiguous weight");
            Assert.That(CpuRowKernels.TryAdd(w, ids.to_type(ScalarType.Int32), ones(2, 4), null, 1.0), Is.False,
                "int32 ids");
            Assert.That(CpuRowKernels.TryAdd(w, ids, ones(2, 4, ScalarType.Float64), null, 1.0), Is.False,
                "mixed dtypes");
            Assert.That(CpuRowKernels.TryAdd(w, ids, ones(2, 3), null, 1.0), Is.False, "width mismatch");
        });
        Assert.That(w.abs().sum().item<float>(), Is.Zero);
    }

    [Test]
    public void Apply_TakesTheSameRuleOffTheCpuPath()
    {
        // A transposed weight is not contiguous, so SparseEmbedding.Apply falls back to scatter_add_;
        // both routes must give Embedding's backward rule.
        var gen = new Generator(5);
        var ids = randint(0, 6, [3, 5], generator: gen);
        var dout = randn(3, 5, 4, ScalarType.Float64, generator: gen);
        var expected = Embedding.Backward([6, 4], ids, dout) * 0.5;
        var contiguous = zeros(6, 4, ScalarType.Float64);
        var strided = zeros(4, 6, ScalarType.Float64).t();
        SparseEmbedding.Apply(contiguous, ids, dout, 0.5);
        SparseEmbedding.Apply(strided, ids, dout, 0.5);
        Numeric.AssertClose(contiguous, expected, 1e-12, atol: 1e-12, what: "CPU kernel");
        Numeric.AssertClose(strided, expected, 1e-12, atol: 1e-12, what: "scatter_add_");

        // The same with dout as products coefficients[b, m] * vectors[b], on both routes.
        var coefficients = randn(3, 5, ScalarType.Float64, generator: gen);
        var vectors = randn(3, 4, ScalarType.Float64, generator: gen);
        var expectedProducts = Embedding.Backward([6, 4], ids, coefficients.unsqueeze(2) * vectors.unsqueeze(1)) * 0.5;
        var contiguousProducts = zeros(6, 4, ScalarType.Float64);
        var stridedProducts = zeros(4, 6, ScalarType.Float64).t();
        SparseEmbedding.Apply(contiguousProducts, ids, coefficients, vectors, 0.5);
        SparseEmbedding.Apply(stridedProducts, ids, coefficients, vectors, 0.5);
        Numeric.AssertClose(contiguousProducts, expectedProducts, 1e-12, atol: 1e-12, what: "CPU kernel, products");
        Numeric.AssertClose(stridedProducts, expectedProducts, 1e-12, atol: 1e-12, what: "scatter_add_, products");
    }

    [TestCase(ScalarType.Float64, 1e-12)]
    [TestCase(ScalarType.Float32, 1e-5)]
    public void Dot_EqualsGatheredRowsTimesVectorsSummed(ScalarType dtype, double rtol)
    {
        var gen = new Generator(6);
        var w = randn(9, 13, dtype, generator: gen);
        var ids = randint(0, 9, [5, 3], generator: gen);
        var vectors = randn(5, 13, dtype, generator: gen);
        // s[b, m] = W[ids[b, m]] . v[b], by a gather and a broadcast product.
        var expected = (w.index_select(0, ids.reshape(-1)).reshape(5, 3, 13) * vectors.unsqueeze(1)).sum(-1);

        var scores = CpuRowKernels.TryDot(w, ids, vectors);
        Assert.That(scores, Is.Not.Null);
        Numeric.AssertClose(scores!, expected, rtol, atol: rtol);
    }

    [Test]
    public void Dot_OutOfRangeIdThrows_OtherLayoutsGiveNull()
    {
        var ex = Assert.Throws<ArgumentException>(() => CpuRowKernels.TryDot(zeros(4, 3), tensor(new long[] { 0, -1 }),
            ones(2, 3)));
        Assert.That(ex!.Message, Does.Contain("id -1 is outside 0..3"));
        Assert.Multiple(() =>
        {
            Assert.That(CpuRowKernels.TryDot(zeros(3, 4).t(), tensor(new long[] { 0, 1 }), ones(2, 3)), Is.Null,
                "non-contiguous weight");
            Assert.That(CpuRowKernels.TryDot(zeros(4, 3, ScalarType.Int64), tensor(new long[] { 0, 1 }),
                ones(2, 3, ScalarType.Int64)), Is.Null, "integer weight");
            Assert.That(CpuRowKernels.TryDot(zeros(4, 3), tensor(new long[] { 0, 1, 2 }), ones(2, 3)), Is.Null,
                "3 ids for 2 vectors");
        });
    }
}

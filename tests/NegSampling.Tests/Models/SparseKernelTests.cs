using NegSampling.Data;
using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Models;

/// <summary>
/// The fused CPU kernels against the libtorch route (the layers' math on tensors: EmbeddingDot, SigmoidWithLoss,
/// Embedding's rule), which the fast-vs-faithful tests tie to the book's autograd step: the same losses and
/// weights after many steps on batches with masked slots, repeated ids and shared negatives.
/// </summary>
[TestFixture, Category("Layers")]
public sealed class SparseKernelTests
{
    /// <summary>Negatives given in advance, drawn into memory (the kernel's way) or as a tensor (the
    /// route's).</summary>
    private sealed class Given(long[] all) : INegativeSource, INegativeDraws
    {
        private int next;

        public void Draw(Span<long> negatives)
        {
            all.AsSpan(next, negatives.Length).CopyTo(negatives);
            next += negatives.Length;
        }

        public Tensor Sample(Tensor target)
        {
            var rows = target.shape[0];
            var k = all.Length / Math.Max(1, rows) == 0 ? 1 : 3;
            var taken = all.AsSpan(next, (int)rows * k).ToArray();
            next += taken.Length;
            return tensor(taken).view(rows, k);
        }
    }

    private const int Vocabulary = 15, Hidden = 9, Width = 4, K = 3, Rows = 6;

    private static List<(ContextBatch Batch, long[] Negatives)> Batches(int count, int seed)
    {
        var random = new Random(seed);
        var batches = new List<(ContextBatch, long[])>();
        for (var i = 0; i < count; i++)
        {
            var batch = new ContextBatch(Rows, Width) { Rows = Rows - i % 2 }; // a short batch every other step
            var pairs = 0;
            for (var r = 0; r < batch.Rows; r++)
            {
                batch.Target[r] = random.Next(Vocabulary);
                var first = random.Next(Width); // at least one slot in use
                for (var c = 0; c < Width; c++)
                {
                    batch.Contexts[r * Width + c] = random.Next(5); // few ids: repeats within a batch
                    batch.Mask[r * Width + c] = c == first || random.Next(3) > 0 ? 1 : 0;
                    pairs += (int)batch.Mask[r * Width + c];
                }
            }
            var scored = batch.Rows; // CBOW scores a row per target; skip-gram one per pair (set below)
            batches.Add((batch,
                Enumerable.Range(0, Math.Max(scored, pairs) * K).Select(_ => (long)random.Next(Vocabulary)).ToArray()));
        }
        return batches;
    }

    [TestCase(ModelKind.Cbow, CbowContextUpdate.Gradient, ScalarType.Float64, 1e-12)]
    [TestCase(ModelKind.Cbow, CbowContextUpdate.Word2Vec, ScalarType.Float64, 1e-12)]
    [TestCase(ModelKind.SkipGram, CbowContextUpdate.Gradient, ScalarType.Float64, 1e-12)]
    [TestCase(ModelKind.Cbow, CbowContextUpdate.Word2Vec, ScalarType.Float32, 2e-5)]
    [TestCase(ModelKind.SkipGram, CbowContextUpdate.Gradient, ScalarType.Float32, 2e-5)]
    public void FusedKernel_EqualsTheLibtorchRoute(ModelKind kind, CbowContextUpdate update, ScalarType dtype,
        double tolerance)
    {
        var gen = new Generator(31);
        var wIn = (randn(Vocabulary, Hidden, ScalarType.Float64, generator: gen) * 0.3).to_type(dtype);
        var wOut = (randn(Vocabulary, Hidden, ScalarType.Float64, generator: gen) * 0.3).to_type(dtype);
        var batches = Batches(40, seed: 7);
        var negatives = batches.SelectMany(b => PerScoredRow(kind, b.Batch, b.Negatives)).ToArray();

        using var fused = Word2VecModel.Create(kind, wIn, wOut, new Given([]), contextUpdate: update);
        using var route = Word2VecModel.Create(kind, wIn, wOut, new Given(negatives), contextUpdate: update);
        using var buffers = new SparseStepBuffers(fused, Rows, Width, K);
        Assert.That(buffers.Kernel, Is.Not.Null, "CPU float weights: the kernel applies");
        var draws = new Given(negatives);
        using var tensors = new BatchTensors(Rows, Width);
        foreach (var (batch, _) in batches)
        {
            var fusedLoss = fused.SparseStep(batch, new SparseSgd(0.1), draws, buffers);
            double routeLoss;
            using (NewDisposeScope())
            {
                var (contexts, mask, target) = tensors.Load(batch, CPU, dtype);
                routeLoss = route.SparseStep(contexts, mask, target, new SparseSgd(0.1));
            }
            Assert.That(fusedLoss, Is.EqualTo(routeLoss).Within(tolerance * Math.Max(1, Math.Abs(routeLoss))));
        }
        Numeric.AssertClose(fused.WIn, route.WIn, tolerance, tolerance, "W_in");
        Numeric.AssertClose(fused.WOut, route.WOut, tolerance, tolerance, "W_out");
        Assert.That(Numeric.BitIdentical(fused.WIn, wIn), Is.False, "the steps moved the weights");
    }

    /// <summary>The negatives a batch uses: K per target (CBOW) or per context in use (skip-gram), in row
    /// order.</summary>
    private static IEnumerable<long> PerScoredRow(ModelKind kind, ContextBatch batch, long[] pool)
    {
        var scored = kind == ModelKind.Cbow ? batch.Rows : (int)batch.Mask.Take(batch.Rows * Width).Sum();
        return pool.Take(scored * K);
    }

    [Test]
    public void LazyAdam_OrAMultinomialSampler_TakeTheLibtorchRoute()
    {
        var wIn = randn(Vocabulary, Hidden, generator: new Generator(3)) * 0.1;
        using var model = Word2VecModel.Create(ModelKind.Cbow, wIn, wIn, new Given([]));
        using var buffers = new SparseStepBuffers(model, Rows, Width, K);
        var (batch, _) = Batches(1, seed: 2)[0];
        using var multinomial = new UnigramSampler(Enumerable.Repeat(1.0, Vocabulary).ToArray(), 0.75, K,
            SamplerMode.Fast, seed: 4);
        // A sampler that cannot draw into memory: the route, through tensors, still gives a finite loss.
        Assert.That(double.IsFinite(model.SparseStep(batch, new SparseSgd(0.1), multinomial, buffers)), Is.True);
    }
}

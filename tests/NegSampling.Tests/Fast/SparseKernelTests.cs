using NegSampling.Data;
using NegSampling.Fast;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Fast;

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

    /// <summary>The models, context rules, pairings and dtypes the kernels cover, with the tolerance of each.</summary>
    private static readonly object[][] Kernels =
    [
        [ModelKind.Cbow, CbowContextUpdate.Gradient, ScalarType.Float64, 1e-12, SkipGramNegatives.PerPair],
        [ModelKind.Cbow, CbowContextUpdate.Word2Vec, ScalarType.Float64, 1e-12, SkipGramNegatives.PerPair],
        [ModelKind.SkipGram, CbowContextUpdate.Gradient, ScalarType.Float64, 1e-12, SkipGramNegatives.PerPair],
        [ModelKind.Cbow, CbowContextUpdate.Word2Vec, ScalarType.Float32, 2e-5, SkipGramNegatives.PerPair],
        [ModelKind.SkipGram, CbowContextUpdate.Gradient, ScalarType.Float32, 2e-5, SkipGramNegatives.PerPair],
        [ModelKind.SkipGram, CbowContextUpdate.Gradient, ScalarType.Float64, 1e-12, SkipGramNegatives.SharedByWindow],
        [ModelKind.SkipGram, CbowContextUpdate.Gradient, ScalarType.Float32, 2e-5, SkipGramNegatives.SharedByWindow],
    ];

    [TestCaseSource(nameof(Kernels))]
    public void FusedKernel_EqualsTheLibtorchRoute(ModelKind kind, CbowContextUpdate update, ScalarType dtype,
        double tolerance, SkipGramNegatives pairing)
    {
        var gen = new Generator(31);
        var wIn = (randn(Vocabulary, Hidden, ScalarType.Float64, generator: gen) * 0.3).to_type(dtype);
        var wOut = (randn(Vocabulary, Hidden, ScalarType.Float64, generator: gen) * 0.3).to_type(dtype);
        var batches = Batches(40, seed: 7);
        var negatives = batches.SelectMany(b => Drawn(kind, pairing, b.Batch, b.Negatives)).ToArray();

        var options = new FastOptions(update, pairing);
        using var fused = Word2VecModel.Create(kind, wIn, wOut, new Given([]));
        using var route = Word2VecModel.Create(kind, wIn, wOut, new Given(negatives));
        using var fusedStep = new FastStep(fused, options, Rows, Width, K);
        using var routeStep = SparseModel.For(route, options);
        Assert.That(fusedStep.Kernel, Is.Not.Null, "CPU float weights: the kernel applies");
        var draws = new Given(negatives);
        using var tensors = new BatchTensors(Rows, Width);
        foreach (var (batch, _) in batches)
        {
            var fusedLoss = fusedStep.Run(batch, new SparseSgd(0.1), draws);
            double routeLoss;
            using (NewDisposeScope())
            {
                var (contexts, mask, target) = tensors.Load(batch, CPU, dtype);
                routeLoss = routeStep.Step(contexts, mask, target, new SparseSgd(0.1));
            }
            Assert.That(fusedLoss, Is.EqualTo(routeLoss).Within(tolerance * Math.Max(1, Math.Abs(routeLoss))));
        }
        Numeric.AssertClose(fused.WIn, route.WIn, tolerance, tolerance, "W_in");
        Numeric.AssertClose(fused.WOut, route.WOut, tolerance, tolerance, "W_out");
        Assert.That(Numeric.BitIdentical(fused.WIn, wIn), Is.False, "the steps moved the weights");
    }

    /// <summary>
    /// The batched libtorch step, its row updates summed, is the fused kernels' step: the same losses and weights
    /// after many steps of the same batches and negatives.
    /// </summary>
    [TestCaseSource(nameof(Kernels))]
    public void BatchedStep_WithRowSums_EqualsTheFusedKernels(ModelKind kind, CbowContextUpdate update,
        ScalarType dtype, double tolerance, SkipGramNegatives pairing)
    {
        var gen = new Generator(23);
        var wIn = (randn(Vocabulary, Hidden, ScalarType.Float64, generator: gen) * 0.3).to_type(dtype);
        var wOut = (randn(Vocabulary, Hidden, ScalarType.Float64, generator: gen) * 0.3).to_type(dtype);
        var batches = Batches(40, seed: 11);
        var negatives = batches.SelectMany(b => Drawn(kind, pairing, b.Batch, b.Negatives)).ToArray();

        using var fused = Word2VecModel.Create(kind, wIn, wOut, new Given([]));
        using var batched = Word2VecModel.Create(kind, wIn, wOut, new Given([]));
        using var fusedStep = new FastStep(fused, new FastOptions(update, pairing), Rows, Width, K);
        using var batchedStep = new FastStep(batched, new FastOptions(update, pairing, StepKind.Batched), Rows, Width,
            K);
        Assert.That(fusedStep.Kernel, Is.Not.Null, "the kernel runs one");
        Assert.That(batchedStep.Kernel, Is.Null, "the batched step the other");
        var (fusedDraws, batchedDraws) = (new Given(negatives), new Given(negatives));
        foreach (var (batch, _) in batches)
        {
            var fusedLoss = fusedStep.Run(batch, new SparseSgd(0.1), fusedDraws);
            var batchedLoss = batchedStep.Run(batch, new SparseSgd(0.1), batchedDraws);
            Assert.That(batchedLoss, Is.EqualTo(fusedLoss).Within(tolerance * Math.Max(1, Math.Abs(fusedLoss))));
        }
        Numeric.AssertClose(batched.WIn, fused.WIn, tolerance, tolerance, "W_in");
        Numeric.AssertClose(batched.WOut, fused.WOut, tolerance, tolerance, "W_out");
        Assert.That(Numeric.BitIdentical(batched.WIn, wIn), Is.False, "the steps moved the weights");
    }

    /// <summary>The negatives a batch uses: K per target (CBOW, and skip-gram's shared by a window) or per context
    /// in use (skip-gram's book pairing), in row order.</summary>
    private static IEnumerable<long> Drawn(ModelKind kind, SkipGramNegatives pairing, ContextBatch batch, long[] pool)
    {
        var perTarget = kind == ModelKind.Cbow || pairing == SkipGramNegatives.SharedByWindow;
        var scored = perTarget ? batch.Rows : (int)batch.Mask.Take(batch.Rows * Width).Sum();
        return pool.Take(scored * K);
    }

    /// <summary>
    /// Negatives shared by a window are the book's step on the window turned around: one row per context in use,
    /// whose W_in row predicts the centre word, each with its window's K negatives (repeated here by hand).
    /// </summary>
    [Test]
    public void SharedByWindow_IsTheBookPairingWithEachContextPredictingItsCentre()
    {
        var gen = new Generator(5);
        var wIn = randn(Vocabulary, Hidden, ScalarType.Float64, generator: gen) * 0.3;
        var wOut = randn(Vocabulary, Hidden, ScalarType.Float64, generator: gen) * 0.3;
        var batches = Batches(12, seed: 3);
        var drawn = batches.Select(b => Drawn(ModelKind.SkipGram, SkipGramNegatives.SharedByWindow, b.Batch,
            b.Negatives).ToArray()).ToList();
        var turned = batches.Zip(drawn, (b, negatives) => TurnedAround(b.Batch, negatives)).ToList();

        using var shared = Word2VecModel.Create(ModelKind.SkipGram, wIn, wOut, new Given(drawn.SelectMany(d => d)
            .ToArray()));
        using var book = Word2VecModel.Create(ModelKind.SkipGram, wIn, wOut, new Given(turned.SelectMany(t =>
            t.Negatives).ToArray()));
        using var sharedStep = SparseModel.For(shared, new FastOptions(Pairing: SkipGramNegatives.SharedByWindow));
        using var bookStep = SparseModel.For(book, new FastOptions());
        using var tensors = new BatchTensors(Rows, Width);
        for (var i = 0; i < batches.Count; i++)
        {
            using var scope = NewDisposeScope();
            var (contexts, mask, target) = tensors.Load(batches[i].Batch, CPU, ScalarType.Float64);
            var sharedLoss = sharedStep.Step(contexts, mask, target, new SparseSgd(0.1));
            var (centres, contextIds, _) = turned[i];
            var bookLoss = bookStep.Step(tensor(centres).unsqueeze(1), null, tensor(contextIds),
                new SparseSgd(0.1));
            // Both are the pairs' mean loss times the window's slots: 2W turned around is one slot.
            Assert.That(sharedLoss / Width, Is.EqualTo(bookLoss).Within(1e-12 * Math.Abs(bookLoss)));
        }
        Numeric.AssertClose(shared.WIn, book.WIn, 1e-12, 1e-12, "W_in");
        Numeric.AssertClose(shared.WOut, book.WOut, 1e-12, 1e-12, "W_out");
    }

    /// <summary>A batch's pairs turned around: the centre words, the contexts in use (now the targets), and each
    /// pair's negatives, its row's K.</summary>
    private static (long[] Centres, long[] Contexts, long[] Negatives) TurnedAround(ContextBatch batch,
        long[] perRow)
    {
        var (centres, contexts, negatives) = (new List<long>(), new List<long>(), new List<long>());
        for (var r = 0; r < batch.Rows; r++)
        {
            for (var c = 0; c < Width; c++)
            {
                if (batch.Mask[r * Width + c] == 0) continue;
                centres.Add(batch.Target[r]);
                contexts.Add(batch.Contexts[r * Width + c]);
                negatives.AddRange(perRow.Skip(r * K).Take(K));
            }
        }
        return ([.. centres], [.. contexts], [.. negatives]);
    }

    [Test]
    public void LazyAdam_OrAMultinomialSampler_TakeTheLibtorchRoute()
    {
        var wIn = randn(Vocabulary, Hidden, generator: new Generator(3)) * 0.1;
        using var model = Word2VecModel.Create(ModelKind.Cbow, wIn, wIn, new Given([]));
        using var step = new FastStep(model, new FastOptions(), Rows, Width, K);
        var (batch, _) = Batches(1, seed: 2)[0];
        using var multinomial = new UnigramSampler(Enumerable.Repeat(1.0, Vocabulary).ToArray(), 0.75, K,
            SamplerMode.Multinomial, seed: 4);
        // A sampler that cannot draw into memory: the route, through tensors, still gives a finite loss.
        Assert.That(double.IsFinite(step.Run(batch, new SparseSgd(0.1), multinomial)), Is.True);
    }
}

using NegSampling.Fast;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training.Optimizers;
using NUnit.Framework;
using static TorchSharp.torch;

namespace NegSampling.Tests.Fast;

/// <summary>
/// The batched libtorch step against autograd: the negative-sampling loss written out with plain tensor ops on leaf
/// weights, its gradients by backward, and the SGD step W - alpha * grad (with row means, each row's gradient
/// divided by the times its id is counted here, by hand, in the batch, over the cap and at least 1), or row-wise
/// Adagrad's step worked from those gradients.
/// </summary>
[TestFixture, Category("Layers")]
public sealed class BatchedStepTests
{
    private const int Vocabulary = 12, Hidden = 7, Width = 4, K = 3, Rows = 9;
    private const double Alpha = 0.5;

    /// <summary>Negatives fixed in advance: the next n x K of them for each call.</summary>
    private sealed class Fixed(long[] all) : INegativeSource
    {
        private int next;

        public Tensor Sample(Tensor target)
        {
            var rows = (int)target.shape[0];
            var taken = all.AsSpan(next, rows * K).ToArray();
            next += taken.Length;
            return tensor(taken).view(rows, K);
        }
    }

    /// <summary>A batch with masked slots and few ids, so that ids repeat within it and across the
    /// weights.</summary>
    private static (long[] Contexts, float[] Mask, long[] Target, long[] Negatives) Batch(int seed)
    {
        var random = new Random(seed);
        var (contexts, mask, target) = (new long[Rows * Width], new float[Rows * Width], new long[Rows]);
        for (var r = 0; r < Rows; r++)
        {
            target[r] = random.Next(Vocabulary);
            var first = random.Next(Width);
            for (var c = 0; c < Width; c++)
            {
                contexts[r * Width + c] = random.Next(6);
                mask[r * Width + c] = c == first || random.Next(3) > 0 ? 1 : 0;
            }
        }
        var negatives = Enumerable.Range(0, Rows * Width * K).Select(_ => (long)random.Next(Vocabulary)).ToArray();
        return (contexts, mask, target, negatives);
    }

    [TestCase(ModelKind.Cbow, SkipGramNegatives.PerPair, null)]
    [TestCase(ModelKind.Cbow, SkipGramNegatives.PerPair, 1)]
    [TestCase(ModelKind.Cbow, SkipGramNegatives.PerPair, 2)]
    [TestCase(ModelKind.SkipGram, SkipGramNegatives.PerPair, null)]
    [TestCase(ModelKind.SkipGram, SkipGramNegatives.PerPair, 1)]
    [TestCase(ModelKind.SkipGram, SkipGramNegatives.PerPair, 3)]
    [TestCase(ModelKind.SkipGram, SkipGramNegatives.SharedByWindow, null)]
    [TestCase(ModelKind.SkipGram, SkipGramNegatives.SharedByWindow, 1)]
    [TestCase(ModelKind.SkipGram, SkipGramNegatives.SharedByWindow, 2)]
    public void Step_EqualsAutogradsSgdStep_GradientsAndUpdatedRows(ModelKind kind, SkipGramNegatives pairing,
        int? rowCap)
    {
        var gen = new Generator(17);
        var wIn = randn(Vocabulary, Hidden, generator: gen) * 0.4;
        var wOut = randn(Vocabulary, Hidden, generator: gen) * 0.4;
        var batch = Batch(seed: 5);
        var (expectedLoss, gradIn, gradOut, inputs, candidates) = Autograd(kind, pairing, wIn, wOut, batch);
        if (rowCap is { } cap)
        {
            gradIn = gradIn / Divisors(inputs.SelectMany(r => r.Select(s => s.Id)), cap).unsqueeze(1);
            gradOut = gradOut / Divisors(candidates.SelectMany(c => c), cap).unsqueeze(1);
        }

        using var model = Word2VecModel.Create(kind, wIn, wOut, new Fixed([]));
        var options = new FastOptions(CbowContextUpdate.Gradient, pairing, StepKind.Batched, rowCap is not null,
            rowCap ?? 1);
        using var step = new BatchedStep(model, options);
        var loss = Run(step, batch, new SparseSgd(Alpha));

        Assert.That(loss, Is.EqualTo(expectedLoss).Within(1e-5 * Math.Abs(expectedLoss)), "loss");
        Numeric.AssertClose((wIn - model.WIn) / Alpha, gradIn, 1e-5, 1e-5, "W_in's gradient");
        Numeric.AssertClose((wOut - model.WOut) / Alpha, gradOut, 1e-5, 1e-5, "W_out's gradient");
        Numeric.AssertClose(model.WIn, wIn - gradIn * Alpha, 1e-5, 1e-5, "updated W_in");
        Numeric.AssertClose(model.WOut, wOut - gradOut * Alpha, 1e-5, 1e-5, "updated W_out");
    }

    /// <summary>
    /// Row-wise Adagrad in the batched step, two steps: each row's accumulator is 0.1 plus the mean squares of its
    /// summed autograd gradient rows so far, and the row moves by rate * gradient / (sqrt(accumulator) + 1e-10),
    /// worked here from autograd's gradients of each step's weights.
    /// </summary>
    [TestCase(ModelKind.Cbow, SkipGramNegatives.PerPair)]
    [TestCase(ModelKind.SkipGram, SkipGramNegatives.PerPair)]
    [TestCase(ModelKind.SkipGram, SkipGramNegatives.SharedByWindow)]
    public void Step_WithRowAdagrad_EqualsRowwiseAdagradOnAutogradsGradients(ModelKind kind,
        SkipGramNegatives pairing)
    {
        const double rate = 0.3;
        var gen = new Generator(23);
        var (wIn, wOut) = (randn(Vocabulary, Hidden, generator: gen) * 0.4, randn(Vocabulary, Hidden, generator: gen));
        using var model = Word2VecModel.Create(kind, wIn.clone(), wOut.clone(), new Fixed([]));
        using var adagrad = new Adagrad([("w_in", model.WIn), ("w_out", model.WOut)], rate);
        using var step = new BatchedStep(model, new FastOptions(CbowContextUpdate.Gradient, pairing, StepKind.Batched));
        var (sumIn, sumOut) = (full(Vocabulary, 0.1), full(Vocabulary, 0.1));
        foreach (var seed in new[] { 5, 6 })
        {
            var batch = Batch(seed);
            var (_, gradIn, gradOut, _, _) = Autograd(kind, pairing, wIn, wOut, batch);
            sumIn += gradIn.square().mean([1L]);
            sumOut += gradOut.square().mean([1L]);
            wIn = wIn - rate * gradIn / (sumIn.sqrt() + 1e-10).unsqueeze(1);
            wOut = wOut - rate * gradOut / (sumOut.sqrt() + 1e-10).unsqueeze(1);
            Run(step, batch, new RowAdagrad(adagrad, rate));
            Numeric.AssertClose(adagrad.Sums(model.WIn), sumIn, 1e-5, 1e-5, $"W_in's accumulators, batch {seed}");
            Numeric.AssertClose(adagrad.Sums(model.WOut), sumOut, 1e-5, 1e-5, $"W_out's accumulators, batch {seed}");
            Numeric.AssertClose(model.WIn, wIn, 1e-5, 1e-5, $"updated W_in, batch {seed}");
            Numeric.AssertClose(model.WOut, wOut, 1e-5, 1e-5, $"updated W_out, batch {seed}");
        }
    }

    private static double Run(BatchedStep step, (long[] Contexts, float[] Mask, long[] Target, long[] Negatives) batch,
        ISparseUpdate update) =>
        step.Step(tensor(batch.Contexts).view(Rows, Width), tensor(batch.Mask).view(Rows, Width),
            tensor(batch.Target), update, new Fixed(batch.Negatives));

    /// <summary>
    /// The batch's scored rows written out by hand (each one's input slots with weights, and its K + 1 candidates),
    /// the negative-sampling loss of them with plain tensor ops on leaf copies of the weights, and its gradients by
    /// backward; the loss as the step reports it (CBOW: the rows' mean; skip-gram: the pairs' mean times 2W).
    /// </summary>
    private static (double Loss, Tensor GradIn, Tensor GradOut, List<(long Id, double Weight)[]> Inputs,
        List<long[]> Candidates) Autograd(ModelKind kind, SkipGramNegatives pairing, Tensor wIn, Tensor wOut,
        (long[] Contexts, float[] Mask, long[] Target, long[] Negatives) batch)
    {
        var (contexts, mask, target, negatives) = batch;
        var (inputs, candidates) = (new List<(long Id, double Weight)[]>(), new List<long[]>());
        var next = 0;
        long[] Draw() => negatives.Skip((next++) * K).Take(K).ToArray();
        for (var r = 0; r < Rows; r++)
        {
            var used = Enumerable.Range(0, Width).Where(c => mask[r * Width + c] != 0)
                .Select(c => contexts[r * Width + c]).ToArray();
            if (kind == ModelKind.Cbow)
            {
                inputs.Add(used.Select(id => (id, 1.0 / used.Length)).ToArray());
                candidates.Add([target[r], .. Draw()]);
                continue;
            }
            var windowNegatives = pairing == SkipGramNegatives.SharedByWindow ? Draw() : null;
            foreach (var context in used)
            {
                // The book's pair: the centre predicts the context; turned around, the context predicts the centre.
                var (input, predicted) = windowNegatives is null ? (target[r], context) : (context, target[r]);
                inputs.Add([(input, 1.0)]);
                candidates.Add([predicted, .. windowNegatives ?? Draw()]);
            }
        }

        var (leafIn, leafOut) = (wIn.clone().requires_grad_(), wOut.clone().requires_grad_());
        var total = zeros(1);
        foreach (var (row, cands) in inputs.Zip(candidates))
        {
            var h = row.Select(s => leafIn[s.Id] * s.Weight).Aggregate((a, b) => a + b);
            for (var j = 0; j < cands.Length; j++)
            {
                var score = (leafOut[cands[j]] * h).sum();
                total = total - nn.functional.logsigmoid(j == 0 ? score : -score);
            }
        }
        total.backward();
        var loss = total.item<float>() / inputs.Count * (kind == ModelKind.Cbow ? 1 : Width);
        return (loss, leafIn.grad!, leafOut.grad!, inputs, candidates);
    }

    /// <summary>How often each id occurs over the cap, at least 1 (so that rows met up to cap times keep their
    /// summed gradient, and rows nothing touched a zero one).</summary>
    private static Tensor Divisors(IEnumerable<long> ids, int cap)
    {
        var counts = new float[Vocabulary];
        foreach (var id in ids) counts[id]++;
        return tensor(counts.Select(c => Math.Max(c / cap, 1)).ToArray());
    }
}

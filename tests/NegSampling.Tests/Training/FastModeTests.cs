using NegSampling.Data;
using NegSampling.Fast;
using NegSampling.Layers;
using NegSampling.Models;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NegSampling.Training.Optimizers;
using NUnit.Framework;
using static TorchSharp.torch;
using Adam = NegSampling.Training.Optimizers.Adam;

namespace NegSampling.Tests.Training;

[TestFixture, Category("Training")]
public sealed class FastModeTests
{
    /// <summary>
    /// The fast path's sparse step against the faithful path (autograd through the layers, dense gradients,
    /// SGD) on the same batches and negatives: equal losses and weights. With batch 1 the learning rates are
    /// equal; with batch B the faithful rate is B times the fast (per-sample) rate.
    /// </summary>
    [TestCase(ModelKind.Cbow, 1)]
    [TestCase(ModelKind.SkipGram, 1)]
    [TestCase(ModelKind.Cbow, 5)]
    [TestCase(ModelKind.SkipGram, 5)]
    public void SparseSgd_EqualsFaithfulSgd(ModelKind kind, int batch)
    {
        const double alpha = 0.3;
        var gen = new Generator(21);
        var wIn = randn(12, 6, ScalarType.Float64, generator: gen) * 0.3;
        var wOut = randn(12, 6, ScalarType.Float64, generator: gen) * 0.3;
        var steps = Enumerable.Range(0, 30).Select(_ =>
        {
            var contexts = randint(0, 12, [batch, 4], generator: gen);
            var target = randint(0, 12, [batch], generator: gen);
            var negatives = randint(0, 12, [kind == ModelKind.SkipGram ? batch * 4 : batch, 3], generator: gen);
            return (contexts, target, negatives);
        }).ToList();

        using var faithful = Word2VecModel.Create(kind, wIn, wOut,
            new RecordedNegatives(steps.Select(s => s.negatives)), GradientMode.Manual);
        using var fast = Word2VecModel.Create(kind, wIn, wOut, new RecordedNegatives(steps.Select(s => s.negatives)));
        using var fastStep = SparseModel.For(fast, new FastOptions());
        using var sgd = new Sgd([("W_in", faithful.WIn), ("W_out", faithful.WOut)], alpha * batch, linearDecay: false);
        foreach (var (contexts, target, _) in steps)
        {
            var loss = faithful.forward(contexts, target);
            sgd.ZeroGrad();
            loss.backward();
            sgd.Step(0);
            var fastLoss = fastStep.Step(contexts, null, target, new SparseSgd(alpha));
            Assert.That(fastLoss, Is.EqualTo(loss.item<double>()).Within(1e-10));
        }
        Numeric.AssertClose(fast.WIn, faithful.WIn, 1e-10, 1e-10, "W_in");
        Numeric.AssertClose(fast.WOut, faithful.WOut, 1e-10, 1e-10, "W_out");
    }

    [Test]
    public void Word2VecContextUpdate_GivesEachContextTheWholeError()
    {
        var gen = new Generator(8);
        var wIn = randn(10, 4, ScalarType.Float64, generator: gen);
        var wOut = randn(10, 4, ScalarType.Float64, generator: gen);
        var contexts = tensor(new long[] { 1, 2, 3, 4 }).view(1, 4);
        var target = tensor(new long[] { 5 });
        var negatives = tensor(new long[] { 6, 7 }).view(1, 2);
        Tensor Delta(CbowContextUpdate update)
        {
            using var cbow = new Cbow(wIn, wOut, new RecordedNegatives([negatives]));
            using var step = SparseModel.For(cbow, new FastOptions(ContextUpdate: update));
            step.Step(contexts, null, target, new SparseSgd(0.1));
            return cbow.WIn.detach() - wIn;
        }
        // The mean's gradient gives each of the 4 contexts a quarter of dh; word2vec gives each all of it.
        Numeric.AssertClose(Delta(CbowContextUpdate.Word2Vec), Delta(CbowContextUpdate.Gradient) * 4, 1e-12, 1e-14,
            "W_in change");
    }

    [TestCase(ModelKind.Cbow, 1)]
    [TestCase(ModelKind.SkipGram, 1)]
    [TestCase(ModelKind.Cbow, 2)]
    public void FastMode_LearnsPlantedStructure(ModelKind kind, int workers)
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.Mode = TrainingMode.Fast;
        config.Model = kind;
        config.Optimizer = OptimizerKind.Sgd;
        config.LearningRate = 0.05;
        config.Sampler = SamplerMode.Multinomial;
        config.DynamicWindow = true;
        config.Workers = workers;
        config.CbowContextUpdate = workers > 1 ? CbowContextUpdate.Word2Vec : CbowContextUpdate.Gradient;
        config.Epochs = 10;
        using var trainer = new Trainer(config, TrainingData.Load(config, "unused"));
        trainer.Run();
        Assert.That(trainer.History[^1].Loss, Is.LessThan(trainer.History[0].Loss * 0.8), "loss falls");
        var vocabulary = trainer.Data.Vocabulary;
        for (var g = 0; g < 3; g++)
        {
            var nearest = Nearest.Rows(trainer.Model.WIn.detach(), vocabulary[PlantedCorpus.Word(g, 0)], 3)
                .Select(i => vocabulary.Words[i]);
            Assert.That(nearest, Has.All.StartWith($"g{g}w"));
        }
    }

    [Test]
    public void FastMode_OneWorkerIsDeterministic()
    {
        using var dir = new TempDir();
        Tensor Run()
        {
            var config = TinyRun.Config(dir);
            config.Mode = TrainingMode.Fast;
            config.Optimizer = OptimizerKind.Sgd;
            config.SubsamplingThreshold = 0.01;
            config.DynamicWindow = true;
            config.OutputDir = null;
            using var trainer = new Trainer(config, TrainingData.Load(config, "unused"));
            trainer.Run();
            return trainer.Model.WIn.detach().clone();
        }
        Assert.That(Numeric.BitIdentical(Run(), Run()), Is.True);
    }

    /// <summary>
    /// Lazy Adam against dense Adam over two steps whose batches use disjoint rows. Step 1: equal (the moments
    /// start at zero). Step 2: the rows only step 1 used keep their step-1 values under lazy Adam, while dense
    /// Adam moves them by their momentum (checked, so the test would fail for a dense update); every other row
    /// is equal under both.
    /// </summary>
    [TestCase(ModelKind.Cbow)]
    [TestCase(ModelKind.SkipGram)]
    public void LazyAdam_EqualsDenseAdam_ButLeavesRowsWithoutGradientAlone(ModelKind kind)
    {
        var gen = new Generator(13);
        var wIn = randn(30, 5, ScalarType.Float64, generator: gen);
        var wOut = randn(30, 5, ScalarType.Float64, generator: gen);
        var firstContexts = tensor(new long[] { 1, 2, 2, 3, 4, 5, 6, 1 }).view(2, 4);
        var firstTarget = tensor(new long[] { 7, 8 });
        var secondContexts = tensor(new long[] { 14, 15, 16, 17, 18, 19, 14, 20 }).view(2, 4);
        var secondTarget = tensor(new long[] { 21, 22 });
        var rows = kind == ModelKind.SkipGram ? 8 : 2;
        var firstNegatives = tensor(Enumerable.Range(0, rows)
            .SelectMany(i => new long[] { 9, 10 + i % 3 }).ToArray()).view(-1, 2);
        var secondNegatives = tensor(Enumerable.Range(0, rows)
            .SelectMany(i => new long[] { 23, 24 + i % 3 }).ToArray()).view(-1, 2);
        var batches = new[] { (firstContexts, firstTarget), (secondContexts, secondTarget) };

        using var dense = Word2VecModel.Create(kind, wIn, wOut,
            new RecordedNegatives([firstNegatives, secondNegatives]));
        using var denseAdam = new Adam([("W_in", dense.WIn), ("W_out", dense.WOut)], 0.01);
        using var lazy = Word2VecModel.Create(kind, wIn, wOut,
            new RecordedNegatives([firstNegatives, secondNegatives]));
        using var lazyAdam = new Adam([("W_in", lazy.WIn), ("W_out", lazy.WOut)], 0.01);
        using var lazyStep = SparseModel.For(lazy, new FastOptions());
        Tensor? inAfterFirst = null, outAfterFirst = null;
        foreach (var (contexts, target) in batches)
        {
            var loss = dense.forward(contexts, target);
            denseAdam.ZeroGrad();
            loss.backward();
            denseAdam.Step(0);
            lazyStep.Step(contexts, null, target, lazyAdam.SparseUpdate(0));
            if (inAfterFirst is not null) continue;
            Numeric.AssertClose(lazy.WIn, dense.WIn, 1e-12, 1e-14, "W_in after step 1");
            Numeric.AssertClose(lazy.WOut, dense.WOut, 1e-12, 1e-14, "W_out after step 1");
            (inAfterFirst, outAfterFirst) = (lazy.WIn.detach().clone(), lazy.WOut.detach().clone());
        }

        var firstOnlyIn = tensor(new long[] { 1, 2, 3, 4, 5, 6 });
        var firstOnlyOut = tensor(kind == ModelKind.SkipGram ? new long[] { 1, 2, 3, 4, 5, 6, 9, 10, 11, 12 } : [7, 8,
            9, 10, 11]);
        Tensor Rows(Tensor w, Tensor ids) => w.detach().index_select(0, ids);
        var (inRows, outRows) = kind == ModelKind.SkipGram ? (firstTarget, firstOnlyOut) : (firstOnlyIn, firstOnlyOut);
        Assert.That(Numeric.BitIdentical(Rows(lazy.WIn, inRows), Rows(inAfterFirst!, inRows)), Is.True,
            "lazy: W_in rows of step 1 only");
        Assert.That(Numeric.BitIdentical(Rows(lazy.WOut, outRows), Rows(outAfterFirst!, outRows)), Is.True,
            "lazy: W_out rows of step 1 only");
        Assert.That(Numeric.BitIdentical(Rows(dense.WIn, inRows), Rows(inAfterFirst!, inRows)), Is.False,
            "dense Adam moves them");
        var others = tensor(Enumerable.Range(0, 30)
            .Where(i => !Numeric.ToDoubles(inRows).Contains(i)).Select(i => (long)i).ToArray());
        Numeric.AssertClose(Rows(lazy.WIn, others), Rows(dense.WIn, others), 1e-12, 1e-14,
            "W_in's other rows after step 2");
    }

    [Test]
    public void Config_FaithfulRefusesFastKeys()
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.Workers = 2;
        Assert.That(Assert.Throws<ConfigException>(() => new Trainer(config,
            TrainingData.Load(config, "unused")))!.Message, Does.Contain("workers"));
    }

    /// <summary>
    /// word2vec.c's subsampling, keep = (sqrt(f / (s T)) + 1) (s T) / f, worked by hand for counts 900, 90, 9 and 1
    /// (T = 1000) at s = 0.01, so s T = 10: 900 gives (sqrt(90) + 1) / 90 = 10.486833 / 90; 90 gives (3 + 1) / 9;
    /// 9 and 1 give more than 1, which the stream treats as 1 (always kept).
    /// </summary>
    [Test]
    public void KeepProbabilities_AreWord2VecsFormula()
    {
        var keep = StreamedBatches.KeepProbabilities([900, 90, 9, 1], 0.01)!;
        Assert.That(keep[0], Is.EqualTo(0.1165203664500571).Within(1e-15));
        Assert.That(keep[1], Is.EqualTo(0.4444444444444444).Within(1e-15));
        Assert.That(keep[2], Is.EqualTo(2.165203664500571).Within(1e-14));
        Assert.That(keep[3], Is.EqualTo(13.16227766016838).Within(1e-13));
        Assert.That(StreamedBatches.KeepProbabilities([900, 90, 9, 1], 0), Is.Null);
    }

    [Test]
    public void StreamedBatches_EveryPositionATarget_WindowsMaskedAtEdgesAndShrunk()
    {
        int[] corpus = [10, 11, 12, 13, 14, 15, 16];
        var batch = new ContextBatch(100, 4);
        var full = new StreamedBatches(TokenIds.From(corpus), 2, null, dynamicWindow: false).Batches(0, batch,
            new Random(1)).Single();
        Assert.That(full.Target.Take(full.Rows), Is.EqualTo(corpus.Select(i => (long)i)));
        // Position 0: left slots outside the corpus; position 3: all four in use.
        Assert.That(full.Mask.Take(4), Is.EqualTo(new float[] { 0, 0, 1, 1 }));
        Assert.That(full.Contexts.Skip(12).Take(4), Is.EqualTo(new long[] { 11, 12, 14, 15 }));
        Assert.That(full.Mask.Skip(12).Take(4), Is.EqualTo(new float[] { 1, 1, 1, 1 }));

        var shrunk = new StreamedBatches(TokenIds.From(corpus), 2, null, dynamicWindow: true).Batches(0,
            new ContextBatch(100, 4), new Random(3)).Single();
        for (var row = 0; row < shrunk.Rows; row++)
        {
            var mask = shrunk.Mask.Skip(row * 4).Take(4).ToArray();
            Assert.That(mask[0] <= mask[1] && mask[3] <= mask[2],
                $"row {row}: an outer slot in use without the inner one");
        }
    }

    /// <summary>Sentences (9 ends each): no window reaches across an end, which is its sentence's last word, even
    /// where subsampling dropped that end; a sentence of one word has nothing to learn from.</summary>
    [Test]
    public void StreamedBatches_WithASentenceEnd_KeepWindowsInTheirSentence()
    {
        int[] corpus = [1, 2, 3, 9, 4, 9, 5, 6, 9, 9];
        var rows = new StreamedBatches(TokenIds.From(corpus), 2, null, dynamicWindow: false, sentenceEnd: 9)
            .Batches(0, new ContextBatch(100, 4), new Random(1)).Single();
        // Slots hold offsets -2, -1, +1, +2; 0 marks a slot out of use. Worked by hand from the sentences
        // [1 2 3 9] [4 9] [5 6 9] [9]: the last, alone, makes no row.
        long[][] expected =
        [
            [0, 0, 2, 3], [0, 1, 3, 9], [1, 2, 9, 0], [2, 3, 0, 0],
            [0, 0, 9, 0], [0, 4, 0, 0],
            [0, 0, 6, 9], [0, 5, 9, 0], [5, 6, 0, 0],
        ];
        Assert.That(rows.Target.Take(rows.Rows), Is.EqualTo(new long[] { 1, 2, 3, 9, 4, 9, 5, 6, 9 }));
        for (var row = 0; row < rows.Rows; row++)
        {
            var slots = Enumerable.Range(row * 4, 4);
            Assert.That(slots.Select(s => rows.Mask[s] == 0 ? 0 : rows.Contexts[s]), Is.EqualTo(expected[row]),
                $"row {row}");
        }

        double[] dropTheEnds = [.. Enumerable.Repeat(1.0, 9), 0.0]; // word 9 never kept
        var subsampled = new StreamedBatches(TokenIds.From(corpus), 2, dropTheEnds, dynamicWindow: false,
            sentenceEnd: 9).Batches(0, new ContextBatch(100, 4), new Random(1)).Single();
        Assert.That(subsampled.Target.Take(subsampled.Rows), Is.EqualTo(new long[] { 1, 2, 3, 5, 6 }),
            "4 is alone in its sentence once its end is dropped");
        Assert.That(Enumerable.Range(12, 4).Select(s => subsampled.Mask[s] == 0 ? 0 : subsampled.Contexts[s]),
            Is.EqualTo(new long[] { 0, 0, 6, 0 }), "5 sees 6, not 3 or 4 across the dropped ends");
    }

    [Test]
    public void StreamedBatches_SubsamplingDropsFrequentWords()
    {
        var corpus = Enumerable.Range(0, 20_000).Select(i => i % 10 == 0 ? 1 : 0).ToArray(); // word 0: 90%, word 1: 10%
        var keep = StreamedBatches.KeepProbabilities([18_000, 2_000], 1e-3)!;
        var stream = new StreamedBatches(TokenIds.From(corpus), 1, keep, dynamicWindow: false, chunkTokens: 20_000);
        var targets = stream.Batches(0, new ContextBatch(50_000, 2),
            new Random(5)).SelectMany(b => b.Target.Take(b.Rows)).ToList();
        var zeros = targets.Count(t => t == 0);
        // word2vec's keep probability written out: s T = 1e-3 * 20,000 = 20, f = 18,000.
        var expected = 18_000 * (Math.Sqrt(18_000 / 20.0) + 1) * 20 / 18_000;
        Assert.That(zeros, Is.EqualTo(expected).Within(5 * Math.Sqrt(expected)),
            "binomial: within 5 standard deviations");
    }
}

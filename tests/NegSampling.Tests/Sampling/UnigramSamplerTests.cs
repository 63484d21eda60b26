using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static NegSampling.Tests.Support.UnigramLaw;
using static TorchSharp.torch;

namespace NegSampling.Tests.Sampling;

[TestFixture, Category("Sampler")]
public sealed class UnigramSamplerTests
{
    [Test]
    public void PowerExample_MatchesTheSeed()
    {
        double[] p = [0.7, 0.29, 0.01];
        var raised = UnigramSampler.Raise(p, 0.75);
        var normalised = UnigramSampler.Normalise(raised);
        Assert.That(raised, Is.EqualTo(new[] { 0.76528558, 0.39518322, 0.03162278 }).Within(1e-8));
        Assert.That(normalised, Is.EqualTo(new[] { 0.64196878, 0.33150408, 0.02652714 }).Within(1e-8));
        using var sampler = new UnigramSampler(p, 0.75, sampleSize: 1, SamplerMode.Multinomial);
        Assert.That(sampler.Distribution.data<double>().ToArray(),
            Is.EqualTo(new[] { 0.64196878, 0.33150408, 0.02652714 }).Within(1e-8));
    }

    [Test]
    public void Fast_DrawsFollowUnigramToThe075()
    {
        using var sampler = new UnigramSampler(Counts, 0.75, sampleSize: 5, SamplerMode.Multinomial, seed: 1);
        var draws = sampler.Sample(zeros(40_000, ScalarType.Int64)); // 200,000 draws
        Assert.That(draws.shape, Is.EqualTo(new long[] { 40_000, 5 }));
        Assert.That(ChiSquare.PValue(Histogram(draws.data<long>(), Counts.Length), PowerDistribution(Counts, 0.75)),
            Is.GreaterThan(Significance));
    }

    [Test]
    public void Fast_TheTestDetectsPowerOne()
    {
        using var sampler = new UnigramSampler(Counts, 1.0, sampleSize: 5, SamplerMode.Multinomial, seed: 1);
        var draws = sampler.Sample(zeros(40_000, ScalarType.Int64));
        Assert.That(ChiSquare.PValue(Histogram(draws.data<long>(), Counts.Length), PowerDistribution(Counts, 0.75)),
            Is.LessThan(Significance));
    }

    [Test]
    public void ExcludeTarget_NeverTheTargetNoRepeats()
    {
        using var sampler = new UnigramSampler(Counts, 0.75, sampleSize: 5, SamplerMode.ExcludeTarget, seed: 2);
        var target = randint(0, 5, [20_000], generator: new Generator(9));
        var draws = sampler.Sample(target);
        var rows = draws.data<long>().ToArray();
        var targets = target.data<long>().ToArray();
        for (var r = 0; r < targets.Length; r++)
        {
            var row = rows.Skip(r * 5).Take(5).ToArray();
            Assert.That(row, Does.Not.Contain(targets[r]), $"row {r}");
            Assert.That(row.Distinct().Count(), Is.EqualTo(5), $"row {r} repeats: {string.Join(",", row)}");
            Assert.That(row, Does.Not.Contain(5L), "zero-count word drawn");
        }
    }

    [Test]
    public void ExcludeTarget_OrderedPairsFollowSequentialSamplingWithoutReplacement()
    {
        // K = 2 with target 0: P(a then b) = q_a * q_b / (1 - q_a), q = p^0.75 renormalised without the target.
        using var sampler = new UnigramSampler(Counts, 0.75, sampleSize: 2, SamplerMode.ExcludeTarget, seed: 3);
        var p = PowerDistribution(Counts, 0.75);
        var q = p.Select((x, i) => i == 0 ? 0 : x / (1 - p[0])).ToArray();
        var v = Counts.Length;
        var expected = new double[v * v];
        for (var a = 0; a < v; a++)
            for (var b = 0; b < v; b++)
                if (a != b && q[a] < 1) expected[a * v + b] = q[a] * q[b] / (1 - q[a]);
        var draws = sampler.Sample(zeros(100_000, ScalarType.Int64)).data<long>().ToArray();
        var observed = new long[v * v];
        for (var r = 0; r < draws.Length; r += 2) observed[draws[r] * v + draws[r + 1]]++;
        Assert.That(ChiSquare.PValue(observed, expected), Is.GreaterThan(Significance));
        // The first column alone follows the renormalised distribution.
        var first = new long[v];
        for (var r = 0; r < draws.Length; r += 2) first[draws[r]]++;
        Assert.That(ChiSquare.PValue(first, q), Is.GreaterThan(Significance));
    }

    [TestCase(SamplerMode.Multinomial)]
    [TestCase(SamplerMode.ExcludeTarget)]
    public void SameSeedSameDraws_DifferentSeedDifferentDraws(SamplerMode mode)
    {
        var target = arange(50, ScalarType.Int64) % 4;
        long[] Draw(long seed)
        {
            using var sampler = new UnigramSampler(Counts, 0.75, 3, mode, seed: seed);
            return sampler.Sample(target).data<long>().ToArray();
        }
        Assert.That(Draw(42), Is.EqualTo(Draw(42)));
        Assert.That(Draw(42), Is.Not.EqualTo(Draw(43)));
    }

    [Test]
    public void GeneratorState_RestoresTheSameDraws()
    {
        using var sampler = new UnigramSampler(Counts, 0.75, 3, SamplerMode.ExcludeTarget, seed: 5);
        var target = arange(30, ScalarType.Int64) % 4;
        sampler.Sample(target);
        var state = sampler.GetState();
        var next = sampler.Sample(target).data<long>().ToArray();
        sampler.SetState(state);
        Assert.That(sampler.Sample(target).data<long>().ToArray(), Is.EqualTo(next));
    }

    [TestCase(SamplerMode.Multinomial)]
    [TestCase(SamplerMode.ExcludeTarget)]
    public void ZeroCountWords_HaveProbabilityZeroAndAreNeverDrawn(SamplerMode mode)
    {
        double[] counts = [5, 0, 3, 0, 2, 7];
        using var sampler = new UnigramSampler(counts, 0.75, 2, mode, seed: 6);
        var p = sampler.Distribution.data<double>().ToArray();
        Assert.That(p[1], Is.EqualTo(0));
        Assert.That(p[3], Is.EqualTo(0));
        var draws = sampler.Sample(tensor(Enumerable.Repeat(0L, 5_000).ToArray())).data<long>().ToArray();
        Assert.That(draws, Does.Not.Contain(1L).And.Not.Contain(3L));
    }

    [Test]
    public void BadInput_NamesTheValue()
    {
        Assert.That(Assert.Throws<ArgumentException>(() => new UnigramSampler([3, 0, 2, 0], 0.75, 2,
            SamplerMode.ExcludeTarget))!.Message,
            Does.Contain("sampleSize 2").And.Contain("found 2"));
        Assert.That(Assert.Throws<ArgumentException>(() => new UnigramSampler([1, 2], 0))!.Message,
            Does.Contain("power").And.Contain("found 0"));
        Assert.That(Assert.Throws<ArgumentException>(() => new UnigramSampler([1, 2], double.NaN))!.Message,
            Does.Contain("found NaN"));
        Assert.That(Assert.Throws<ArgumentException>(() => new UnigramSampler([], 0.75))!.Message,
            Does.Contain("empty"));
        Assert.That(Assert.Throws<ArgumentException>(() => new UnigramSampler([1, -4, 2], 0.75))!.Message,
            Does.Contain("word id 1").And.Contain("-4"));
    }
}

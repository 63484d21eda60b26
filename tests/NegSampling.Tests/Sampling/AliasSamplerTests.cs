using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NUnit.Framework;
using static NegSampling.Tests.Support.UnigramLaw;
using static TorchSharp.torch;

namespace NegSampling.Tests.Sampling;

/// <summary>The alias sampler's law: unigram^0.75 (chi-square, as the multinomial sampler is tested), and its
/// stream.</summary>
[TestFixture, Category("Sampler")]
public sealed class AliasSamplerTests
{
    private static long[] Draws(AliasSampler sampler, int count)
    {
        var draws = new long[count];
        sampler.Draw(draws);
        return draws;
    }

    [Test]
    public void Draws_FollowUnigramToThe075_AndNeverAZeroCountWord()
    {
        var sampler = new AliasSampler(Counts, 0.75, sampleSize: 5, seed: 1);
        var histogram = Histogram(Draws(sampler, 200_000), Counts.Length);
        Assert.That(histogram[5], Is.Zero);
        Assert.That(ChiSquare.PValue(histogram, PowerDistribution(Counts, 0.75)), Is.GreaterThan(Significance));
    }

    [Test]
    public void TheTestDetectsPowerOne()
    {
        var sampler = new AliasSampler(Counts, 1.0, sampleSize: 5, seed: 1);
        var histogram = Histogram(Draws(sampler, 200_000), Counts.Length);
        Assert.That(ChiSquare.PValue(histogram, PowerDistribution(Counts, 0.75)), Is.LessThan(Significance));
    }

    /// <summary>A Zipf vocabulary the size of PTB's: every one of 10,000 cells within the law.</summary>
    [Test]
    public void ZipfVocabulary_FollowsTheLaw()
    {
        var zipf = Enumerable.Range(1, 10_000).Select(rank => 1e6 / rank).ToArray();
        var sampler = new AliasSampler(zipf, 0.75, sampleSize: 5, seed: 3);
        var histogram = Histogram(Draws(sampler, 5_000_000), zipf.Length);
        Assert.That(ChiSquare.PValue(histogram, PowerDistribution(zipf, 0.75)), Is.GreaterThan(Significance));
    }

    [Test]
    public void SameSeed_SameDraws_AndTheStateResumesTheStream()
    {
        var a = new AliasSampler(Counts, seed: 9);
        var b = new AliasSampler(Counts, seed: 9);
        Assert.That(Draws(a, 100), Is.EqualTo(Draws(b, 100)));
        var state = a.GetState();
        var next = Draws(a, 50);
        b.SetState(state);
        Assert.That(Draws(b, 50), Is.EqualTo(next));
        var rows = new AliasSampler(Counts, sampleSize: 4, seed: 2).Sample(zeros(7, ScalarType.Int64));
        Assert.That(rows.shape, Is.EqualTo(new long[] { 7, 4 }));
    }
}

using System.Globalization;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Comparison;

/// <summary>
/// The batched fast step against the PyTorch reference's batched mode (reference/word2vec_reference.py batched,
/// Debian's torch) on the same PTB slice and settings: their random numbers differ, so their loss curves are
/// compared, not their weights.
/// </summary>
[TestFixture, Category("PyTorchParity")]
public sealed class BatchedReferenceTests
{
    /// <summary>
    /// CBOW on PTB's first 60,000 tokens, batches of 1,024, 3 epochs, alpha 0.05, fixed windows, no subsampling, the
    /// row cap's default on both sides: each epoch's mean logged loss agrees within 1.5%. Why 1.5%: the reference
    /// against itself with another seed differed by at most 0.5% an epoch (2026-12-02); the reference with the cap
    /// at 16 instead of 64 differed from ours by 6.5%, 0.2% and 3.1%, with the plain row mean (cap 1) it stayed at
    /// the starting loss (18-60%), and with summed rows it diverged.
    /// </summary>
    [Test]
    public void CbowLossCurve_EachEpochsMean_AgreesWithTheReferencesBatchedMode() =>
        AssertEpochMeansAgree("ptb-cbow-batched.json", ["--word2vec-context-update"], [], 1.5);

    /// <summary>
    /// Skip-gram with row-wise Adagrad at 0.15 (the batched skip-gram config's), each centre predicting each context
    /// against its own negatives (the reference's pairs), otherwise as the CBOW case: within 2% an epoch. Why 2%: the
    /// reference against itself with another seed differed by at most 0.06% an epoch, ours against it by 0.8%, 0.9%
    /// and 0.2% (2026-12-02), and with SGD on both sides (alpha 0.025) by 1.3%, 2.1% and 0.1% (a difference of the
    /// two set-ups, not of the update rule); against the reference's SGD, ours with Adagrad differed by 10%, 4.5% and
    /// 3.9%.
    /// </summary>
    [Test]
    public void SkipGramAdagradLossCurve_EachEpochsMean_AgreesWithTheReferencesBatchedMode() =>
        AssertEpochMeansAgree("ptb-skipgram-batched.json", ["--model", "skipgram", "--adagrad", "--alpha", "0.15"],
            ["skipGramNegatives=perPair"], 2);

    private static void AssertEpochMeansAgree(string config, string[] referenceOptions, string[] settings,
        double percent)
    {
        var train = Path.Combine(Repository.DataDirectory, "ptb", "ptb.train.txt");
        if (!File.Exists(train)) Assert.Ignore($"PTB is not in {Repository.DataDirectory}");
        var python = ReferencePython.Require("torch", "numpy");
        using var dir = new TempDir();
        var theirs = dir.File("reference.csv");
        ReferencePython.RunScript(python, "word2vec_reference.py", ["batched", "--corpus", train, "--tokens", "60000",
            "--batch", "1024", "--epochs", "3", "--log-interval", "10", "--out-loss", theirs, .. referenceOptions]);
        var run = dir.File("ours");
        string[] set = [$"corpus={train}", "maxTokens=60000", "batchSize=1024", "epochs=3", "subsamplingThreshold=0",
            "dynamicWindow=false", "sentenceWindows=false", "logInterval=10", $"outputDir={run}",
            $"corpusCache={dir.File("cache")}", .. settings];
        var ours = CliRunner.Run(["train", "--config", Repository.File("configs", config),
            .. set.SelectMany(s => new[] { "--set", s })]);
        Assert.That(ours.ExitCode, Is.EqualTo(0), ours.Err);

        var (expected, actual) = (EpochMeans(theirs), EpochMeans(Path.Combine(run, "loss.csv")));
        Assert.That(actual.Keys, Is.EqualTo(new[] { 1, 2, 3 }), "epochs logged");
        Assert.That(expected.Keys, Is.EqualTo(actual.Keys), "the reference's epochs");
        foreach (var epoch in actual.Keys)
            Assert.That(actual[epoch], Is.EqualTo(expected[epoch]).Within(percent).Percent,
                $"epoch {epoch}'s mean loss (ours {actual[epoch]:F4}, the reference's {expected[epoch]:F4})");
    }

    /// <summary>Each epoch's mean of the losses a loss log (step,epoch,iteration,loss) holds.</summary>
    private static SortedDictionary<int, double> EpochMeans(string file) => new(File.ReadLines(file).Skip(1)
        .Select(line => line.Split(','))
        .GroupBy(cells => int.Parse(cells[1], CultureInfo.InvariantCulture))
        .ToDictionary(g => g.Key, g => g.Average(cells => double.Parse(cells[3], CultureInfo.InvariantCulture))));
}

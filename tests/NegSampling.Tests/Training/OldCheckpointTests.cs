using NegSampling.Formats;
using NegSampling.Sampling;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;
using TorchSharp;

namespace NegSampling.Tests.Training;

/// <summary>
/// Checkpoints written at 9ebec5f, before keys were renamed (sampler "fast", evalInterval, sample; see the fixture's
/// README.md): each still resumes, through the library, to the weights that run's last checkpoint holds.
/// </summary>
[TestFixture, Category("Training")]
public sealed class OldCheckpointTests
{
    private static readonly string Fixtures = Repository.File("tests", "NegSampling.Tests", "Fixtures",
        "checkpoints-9ebec5f");

    private static (torch.Tensor WIn, torch.Tensor WOut) Resume(string from, TempDir dir)
    {
        using var checkpoint = Checkpoint.Load(Path.Combine(Fixtures, from));
        var config = TrainingConfig.ForResume(checkpoint.Config, []);
        // The saved corpus path is relative to the folder it was trained in; the cache was that machine's.
        (config.Corpus, config.OutputDir, config.CorpusCache) = (Path.Combine(Fixtures, "corpus.txt"), dir.Path,
            null);
        using var trainer = new Trainer(config, TrainingData.Load(config, Repository.DataDirectory), checkpoint);
        trainer.Run();
        return (trainer.Model.WIn.detach().clone(), trainer.Model.WOut.detach().clone());
    }

    /// <summary>
    /// The fast mode's steps are our own kernels: they end on the last checkpoint's weights exactly. The faithful
    /// mode's are libtorch's float32 kernels, whose rounding follows the machine's vector instructions: on a machine
    /// other than the one that wrote the fixtures they may end a few float32 ulps away (7.5e-9 at most on an AVX2
    /// EPYC, 2026-12-02), which a resume that went wrong by one Adam step (lr 0.001) is not.
    /// </summary>
    [TestCase("faithful-000000120.nsck", "faithful-000000164.nsck", 1e-6)]
    [TestCase("fast-000000066.nsck", "fast-000000132.nsck", 0.0)]
    public void ACheckpointWrittenBeforeTheRenames_ResumesToTheWeightsOfThatRunsEnd(string from, string end,
        double tolerance)
    {
        using var dir = new TempDir();
        var (wIn, wOut) = Resume(from, dir);
        using var last = Checkpoint.Load(Path.Combine(Fixtures, end));
        using (var start = Checkpoint.Load(Path.Combine(Fixtures, from)))
            Assert.That(MaxDifference(start.Tensors["W_in"], last.Tensors["W_in"]), Is.GreaterThan(1e-4),
                "the resumed steps change W_in by far more than the tolerance");
        Assert.That((wIn.shape, wOut.shape), Is.EqualTo((last.Tensors["W_in"].shape, last.Tensors["W_out"].shape)));
        Assert.That(MaxDifference(wIn, last.Tensors["W_in"]), Is.LessThanOrEqualTo(tolerance),
            "W_in: the last checkpoint's");
        Assert.That(MaxDifference(wOut, last.Tensors["W_out"]), Is.LessThanOrEqualTo(tolerance), "W_out");
    }

    private static double MaxDifference(torch.Tensor a, torch.Tensor b)
    {
        using var difference = (a - b).abs().max();
        return difference.item<float>();
    }

    /// <summary>The values the fixture's faithful.json and fast.json gave under the old names.</summary>
    [Test]
    public void TheResumedConfig_HasTheOldKeysValues_UnderTheNewNames()
    {
        var renamed = new Dictionary<string, string>
        {
            ["sample"] = "subsamplingThreshold",
            ["evalInterval"] = "logInterval",
        };
        string[] added = ["step", "rowMeanUpdates"]; // keys added since the fixtures were written
        TrainingConfig Saved(string file)
        {
            using var checkpoint = Checkpoint.Load(Path.Combine(Fixtures, file));
            var config = TrainingConfig.ForResume(checkpoint.Config, []);
            // Keys added since (at their defaults) may come between them.
            var old = checkpoint.Config.Select(k => renamed.GetValueOrDefault(k.Key, k.Key)).ToList();
            Assert.That(config.ToJson().Select(k => k.Key).Where(old.Contains), Is.EqualTo(old),
                "written back with the same keys in the same order, renamed");
            Assert.That(added.Select(k => config.ToJson()[k]), Is.All.Null, "keys added since: their defaults");
            return config;
        }
        var faithful = Saved("faithful-000000120.nsck");
        Assert.That((faithful.Sampler, faithful.LogInterval, faithful.SubsamplingThreshold),
            Is.EqualTo((SamplerMode.Multinomial, 7, 0.0)));
        Assert.That(faithful.ToJson()["sampler"]!.GetValue<string>(), Is.EqualTo("multinomial"));
        var fast = Saved("fast-000000066.nsck");
        Assert.That((fast.Sampler, fast.LogInterval, fast.SubsamplingThreshold),
            Is.EqualTo((SamplerMode.Alias, 5, 0.01)));
    }
}

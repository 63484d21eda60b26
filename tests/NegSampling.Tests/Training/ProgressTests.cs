using NegSampling.Cli;
using NegSampling.Formats;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Training;

/// <summary>What a run reports of its progress: a plan that matches the run, a fraction that reaches 1, a fair
/// ETA.</summary>
[TestFixture, Category("Training")]
public sealed class ProgressTests
{
    private sealed class Recorder : ITrainingObserver
    {
        public TrainingPlan? Plan { get; private set; }
        public List<TrainingProgress> Steps { get; } = [];
        public void OnStart(TrainingPlan plan) => Plan = plan;
        public void OnStep(TrainingProgress progress) => Steps.Add(progress);
    }

    private static Recorder Run(TrainingConfig config, Checkpoint? resume = null)
    {
        var recorder = new Recorder();
        using var trainer = new Trainer(config, TrainingData.Load(config, "unused"), resume);
        trainer.Run(recorder);
        return recorder;
    }

    /// <summary>
    /// With subsampling the fast mode's steps are not known in advance (the issue: a plan of 10 x 2,421 steps for
    /// a run of 17,162); progress counts corpus tokens instead and ends at exactly 1.
    /// </summary>
    [TestCase(1)]
    [TestCase(2)]
    public void FastMode_WithSubsampling_PlansNoStepCount_AndEndsAtOne(int workers)
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        config.Mode = TrainingMode.Fast;
        config.Optimizer = OptimizerKind.Sgd;
        config.SubsamplingThreshold = 1e-3;
        config.DynamicWindow = true;
        config.Workers = workers;
        var recorder = Run(config);
        Assert.That(recorder.Plan!.StepsPerEpoch, Is.Null);
        Assert.That(recorder.Steps[^1].Fraction, Is.EqualTo(1).Within(1e-12));
        Assert.That(recorder.Steps.Select(s => s.Fraction), Is.Ordered.Ascending);
        var tokens = recorder.Plan.Tokens * config.Epochs;
        Assert.That(recorder.Steps.Count, Is.LessThan(tokens / config.BatchSize + config.Epochs * 2),
            "fewer steps than an unsubsampled corpus gives");
    }

    [Test]
    public void FaithfulMode_PlansItsExactSteps_AndEndsAtOne()
    {
        using var dir = new TempDir();
        var recorder = Run(TinyRun.Config(dir));
        Assert.That(recorder.Steps, Has.Count.EqualTo(recorder.Plan!.StepsPerEpoch * 2));
        Assert.That(recorder.Steps[^1].Fraction, Is.EqualTo(1).Within(1e-12));
    }

    /// <summary>
    /// A resumed run estimates the time left from its own rate: it has done (f - f0) of the run in the time
    /// elapsed, f0 being where it resumed (here half: 1 of 2 epochs), and (1 - f) is left.
    /// </summary>
    [Test]
    public void ResumedRun_EstimatesTheTimeLeftFromItsOwnRate()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir, epochs: 1);
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(config.OutputDir!));
        var resumed = TrainingConfig.ForResume(checkpoint.Config, ["epochs=2"]);
        var recorder = Run(resumed, checkpoint);
        Assert.That(recorder.Plan!.StartFraction, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(recorder.Steps[0].Fraction, Is.GreaterThan(0.5));
        foreach (var p in recorder.Steps)
        {
            var expected = p.Elapsed.TotalSeconds * (1 - p.Fraction) / (p.Fraction - 0.5);
            Assert.That(p.Remaining!.Value.TotalSeconds, Is.EqualTo(expected).Within(1e-6));
        }
    }

    [Test]
    public void Eta_IsWrittenAsMinutesOrHours()
    {
        Assert.That(TrainingDisplay.Eta(null), Is.EqualTo("left --:--"));
        Assert.That(TrainingDisplay.Eta(TimeSpan.FromSeconds(125)), Is.EqualTo("left 2:05"));
        Assert.That(TrainingDisplay.Eta(TimeSpan.FromSeconds(3723)), Is.EqualTo("left 1:02:03"));
    }
}

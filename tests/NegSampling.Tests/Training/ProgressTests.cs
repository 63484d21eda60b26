using NegSampling.Formats;
using NegSampling.Tests.Support;
using NegSampling.Training;
using NUnit.Framework;

namespace NegSampling.Tests.Training;

/// <summary>What a run reports of its progress: a start and plan that match the run, a fraction that reaches 1, a fair
/// ETA.</summary>
[TestFixture, Category("Training")]
public sealed class ProgressTests
{
    /// <summary>Records the start, every step and the run's plan; with a clock, moves it on one second at the start
    /// and at each step, so that every step of the run takes exactly one second.</summary>
    private sealed class Recorder(ManualClock? clock = null) : IProgress<TrainingProgress>
    {
        public TrainingProgress? Start { get; private set; }
        public List<TrainingProgress> Steps { get; } = [];
        public List<TrainingProgress> Checkpoints { get; } = [];
        public IReadOnlyList<LossRecord> History { get; set; } = [];
        public long? StepsPerEpoch { get; set; }
        public long Tokens { get; set; }

        public void Report(TrainingProgress value)
        {
            if (Start is null)
            {
                Assert.That(value.IsStart, Is.True, "the first report is the start's");
                Start = value;
            }
            else
            {
                Assert.That(value.IsStart, Is.False, "one start a call");
                if (!value.IsStep)
                {
                    Checkpoints.Add(value); // at the step already reported
                    return;
                }
                Steps.Add(value);
            }
            clock?.Advance(TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>A clock that moves only when told.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private long ticks;
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => ticks;
        public void Advance(TimeSpan by) => ticks += by.Ticks;
    }

    private static Recorder Run(TrainingConfig config, Checkpoint? resume = null, ManualClock? clock = null)
    {
        var recorder = new Recorder(clock);
        using var trainer = new Trainer(config, TrainingData.Load(config, "unused"), resume, time: clock);
        trainer.Run(recorder);
        (recorder.StepsPerEpoch, recorder.Tokens, recorder.History) =
            (trainer.StepsPerEpoch, trainer.Data.Ids.Length, trainer.History);
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
        Assert.That(recorder.StepsPerEpoch, Is.Null);
        Assert.That(recorder.Steps[^1].Fraction, Is.EqualTo(1).Within(1e-12));
        Assert.That(recorder.Steps.Select(s => s.Fraction), Is.Ordered.Ascending);
        var tokens = recorder.Tokens * config.Epochs;
        Assert.That(recorder.Steps.Count, Is.LessThan(tokens / config.BatchSize + config.Epochs * 2),
            "fewer steps than an unsubsampled corpus gives");
    }

    [Test]
    public void FaithfulMode_PlansItsExactSteps_AndEndsAtOne()
    {
        using var dir = new TempDir();
        var recorder = Run(TinyRun.Config(dir));
        Assert.That(recorder.Steps, Has.Count.EqualTo(recorder.StepsPerEpoch * 2));
        Assert.That(recorder.Steps[^1].Fraction, Is.EqualTo(1).Within(1e-12));
    }

    /// <summary>Each loss record comes with the report of the step it ends, every logInterval iterations; each
    /// checkpoint with a report of its own, naming the file, at the step it follows.</summary>
    [Test]
    public void Reports_CarryTheLossRecordsAndTheCheckpoints()
    {
        using var dir = new TempDir();
        var config = TinyRun.Config(dir);
        var recorder = Run(config);
        var logged = recorder.Steps.Where(s => s.Logged is not null).ToList();
        Assert.That(logged.Select(s => s.Logged), Is.EqualTo(recorder.History));
        Assert.That(logged.Select(s => s.Iteration % config.LogInterval), Is.All.EqualTo(0));
        Assert.That(logged.Select(s => s.Logged!.Step), Is.EqualTo(logged.Select(s => s.Step)));
        Assert.That(logged, Has.Count.EqualTo(2 * (recorder.StepsPerEpoch / config.LogInterval)));
        Assert.That(recorder.Checkpoints.Select(c => c.Checkpoint), Is.EqualTo(Checkpoint.List(config.OutputDir!)));
        Assert.That(recorder.Checkpoints, Has.Count.EqualTo(2), "one an epoch");
        foreach (var c in recorder.Checkpoints)
        {
            using var written = Checkpoint.Load(c.Checkpoint!);
            Assert.That(c.Step, Is.EqualTo(written.Step), c.Checkpoint);
        }
    }

    /// <summary>
    /// A resumed run estimates the time left from its own rate, not from the epochs behind it: here it resumes at
    /// half of the run (1 of 2 epochs) and every step takes one second, so after its j-th step of S it has
    /// exactly S - j seconds to go, and has been running j seconds.
    /// </summary>
    [Test]
    public void ResumedRun_EstimatesTheTimeLeftFromItsOwnRate()
    {
        using var dir = new TempDir();
        var config = TinyRun.Train(dir, epochs: 1);
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(config.OutputDir!));
        var resumed = TrainingConfig.ForResume(checkpoint.Config, ["epochs=2"]);
        var recorder = Run(resumed, checkpoint, new ManualClock());
        Assert.That(recorder.Start!.Fraction, Is.EqualTo(0.5).Within(1e-12));
        Assert.That(recorder.Start.Step, Is.EqualTo(checkpoint.Step));
        var steps = recorder.Steps.Count;
        Assert.That(steps, Is.EqualTo(checkpoint.Step), "the second epoch has as many steps as the first");
        for (var j = 1; j <= steps; j++)
        {
            var p = recorder.Steps[j - 1];
            Assert.That(p.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(j)));
            Assert.That(p.Remaining!.Value.TotalSeconds, Is.EqualTo(steps - j).Within(1e-9), $"step {j}");
        }
    }
}

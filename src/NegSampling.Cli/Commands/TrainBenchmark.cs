using System.Diagnostics;
using System.Globalization;
using NegSampling.Data;
using NegSampling.Training;

namespace NegSampling.Cli.Commands;

/// <summary>
/// One timed training run of a config (into a temporary directory, deleted after): load time, words/s,
/// step times and peak RSS, optionally the quality, and optionally the same run beside a busy neighbour.
/// </summary>
public sealed class TrainBenchmark(string configPath, IReadOnlyList<string> overrides, string? dataDirectory,
    int? maxSteps)
{
    /// <summary>Times the run; with <paramref name="evaluate"/> also scores the vectors, with <paramref
    /// name="busyNeighbour"/> also times the same run on the same data beside a thread that keeps one core
    /// busy.</summary>
    public Dictionary<string, object?> Run(bool evaluate, bool busyNeighbour)
    {
        var settings = Settings();
        using var run = TrainingRun.Start(settings, dataDirectory);
        var (timer, seconds) = Train(run);
        var times = timer.SteadyMilliseconds();
        var figures = new Dictionary<string, object?>
        {
            ["config"] = configPath,
            ["mode"] = settings.Mode.ToString(),
            ["threads"] = TorchSharp.torch.get_num_threads(),
            ["workers"] = settings.Workers,
            ["tokens"] = run.CorpusTokens,
            ["vocabulary"] = run.VocabularySize,
            ["steps"] = timer.Steps,
            ["seconds"] = seconds,
            ["loadSeconds"] = run.LoadTime.TotalSeconds,
            ["wordsPerSecond"] = timer.Last?.WordsPerSecond,
            ["msPerStepMedian"] = Percentile(times, 50),
            ["msPerStepMean"] = times.Count == 0 ? null : times.Average(),
            ["msPerStepP99"] = Percentile(times, 99),
            ["peakRssMb"] = PeakRssMegabytes(),
        };
        if (evaluate)
        {
            using var vectors = run.Vectors();
            var data = DataFile.DataDirectory(dataDirectory);
            figures["analogyAccuracy"] = vectors.EvaluateWordAnalogies(DataFile.Analogies.PathIn(data)).Total.Accuracy;
            figures["wordsim353Spearman"] = vectors.EvaluateWordPairs(DataFile.WordSim353.PathIn(data)).Spearman;
        }
        if (busyNeighbour) AddBusyNeighbourRun(figures, settings, seconds);
        return figures;
    }

    /// <summary>Times the run again (from a fresh start) while a thread keeps one core busy; adds its figures and the
    /// ratio to the run alone.</summary>
    private void AddBusyNeighbourRun(Dictionary<string, object?> figures, TrainingConfig settings, double aloneSeconds)
    {
        using var stop = new CancellationTokenSource();
        var neighbour = new Thread(() =>
            { while (!stop.IsCancellationRequested) Thread.SpinWait(1000); })
        { IsBackground = true };
        using var run = TrainingRun.Start(settings, dataDirectory);
        neighbour.Start();
        var (timer, seconds) = Train(run);
        stop.Cancel();
        neighbour.Join();
        var times = timer.SteadyMilliseconds();
        figures["busyNeighbourSeconds"] = seconds;
        figures["busyNeighbourMsPerStepMedian"] = Percentile(times, 50);
        figures["busyNeighbourMsPerStepP99"] = Percentile(times, 99);
        figures["busyNeighbourSlowdown"] = seconds / aloneSeconds;
    }

    private TrainingConfig Settings()
    {
        var settings = TrainingConfig.Load(configPath);
        settings.Override(overrides);
        settings.OutputDir = null; // timing only: no checkpoint files
        return settings;
    }

    private (StepTimer Timer, double Seconds) Train(TrainingRun run)
    {
        using var stop = new CancellationTokenSource();
        var timer = new StepTimer(maxSteps, stop);
        var watch = Stopwatch.StartNew();
        run.Run(timer, stop.Token);
        return (timer, watch.Elapsed.TotalSeconds);
    }

    private static double? Percentile(IReadOnlyList<double> sorted, int percent) =>
        sorted.Count == 0 ? null : sorted[Math.Min(sorted.Count - 1, sorted.Count * percent / 100)];

    /// <summary>Peak resident set size (VmHWM on Linux), in MB.</summary>
    internal static double PeakRssMegabytes() => StatusMegabytes("VmHWM:");

    /// <summary>A memory figure of /proc/self/status (VmHWM, VmRSS), in MB; the peak working set elsewhere.</summary>
    internal static double StatusMegabytes(string field)
    {
        const string status = "/proc/self/status";
        var line = File.Exists(status) ? File.ReadLines(status).FirstOrDefault(l => l.StartsWith(field,
            StringComparison.Ordinal)) : null;
        return line is not null
            ? double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
                CultureInfo.InvariantCulture) / 1024
            : Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0;
    }

    /// <summary>Collects step times and stops the run after a number of steps.</summary>
    private sealed class StepTimer(int? maxSteps, CancellationTokenSource stop) : IProgress<TrainingProgress>
    {
        private readonly List<double> milliseconds = [];
        private TimeSpan last;

        public int Steps => milliseconds.Count;
        public TrainingProgress? Last { get; private set; }

        public void Report(TrainingProgress p)
        {
            if (!p.IsStep) return;
            milliseconds.Add((p.Elapsed - last).TotalMilliseconds);
            last = p.Elapsed;
            Last = p;
            if (maxSteps is { } max && milliseconds.Count >= max) stop.Cancel();
        }

        /// <summary>The step times without the warm-up (the first tenth, at most 10), sorted.</summary>
        public List<double> SteadyMilliseconds() =>
            milliseconds.Skip(Math.Min(10, milliseconds.Count / 10)).Order().ToList();
    }
}

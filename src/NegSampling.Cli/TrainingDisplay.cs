using System.Globalization;
using NegSampling.Formats;
using NegSampling.Training;
using Spectre.Console;

namespace NegSampling.Cli;

/// <summary>
/// Shows a run: a Spectre.Console progress bar (epoch, iteration, loss, words/s, time left) on a terminal,
/// the book's plain log lines otherwise. Writes the loss curve at each checkpoint.
/// </summary>
public sealed class TrainingDisplay(CliContext context, TrainingRun run) : IProgress<TrainingProgress>
{
    private ProgressTask? task;
    private DateTime lastRefresh;
    private long? stepsPerEpoch;
    private string? plotPending;
    private DateTime lastPlot = DateTime.UtcNow;
    private Task lastPlotDrawn = Task.CompletedTask;
    private readonly string runName = run.Config.Name;

    public string? LastCheckpoint { get; private set; }

    /// <summary>Starts drawing loss.png for the last checkpoint, if it has not been drawn yet, on a thread of its own;
    /// <see cref="WaitForPlot"/> waits for it.</summary>
    public void StartLastPlot() => lastPlotDrawn = Task.Run(PlotLoss);

    /// <summary>Waits for the drawing <see cref="StartLastPlot"/> started; with <paramref name="reportFailure"/>, its
    /// failure comes out here.</summary>
    public void WaitForPlot(bool reportFailure = true)
    {
        try { lastPlotDrawn.GetAwaiter().GetResult(); }
        catch (Exception) when (!reportFailure) { }
    }

    /// <summary>Draws loss.png for the last checkpoint, if it has not been drawn yet.</summary>
    private void PlotLoss()
    {
        if (plotPending is null) return;
        LossCurve.Write(plotPending, run.History, runName);
        (plotPending, lastPlot) = (null, DateTime.UtcNow);
    }

    /// <summary>Runs <paramref name="train"/> under a progress bar when interactive, plainly otherwise.</summary>
    public void Run(Action<IProgress<TrainingProgress>> train)
    {
        if (!context.Interactive)
        {
            train(this);
            return;
        }
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn())
            .Start(ctx =>
            {
                task = ctx.AddTask(runName, maxValue: 1);
                train(this);
                task.StopTask();
            });
    }

    /// <summary>The run's start, a checkpoint, or a step (with its loss record every logInterval
    /// iterations).</summary>
    public void Report(TrainingProgress p)
    {
        if (p.IsStart) Start(p);
        else if (p.Checkpoint is { } path) Checkpointed(path);
        else
        {
            if (p.Logged is { } record) Log(record, p.Elapsed);
            Step(p);
        }
    }

    private void Start(TrainingProgress start)
    {
        stepsPerEpoch = run.StepsPerEpoch;
        var steps = run.StepsPerEpoch is { } n ? $"{n:N0} iterations" : "iterations set by subsampling";
        var line = $"training {runName}: {run.CorpusTokens:N0} tokens, {run.VocabularySize:N0} words, " +
            $"{run.Config.Epochs} epochs x {steps} on {run.Device}" +
            (start.Step > 0 ? $", resuming at step {start.Step:N0}" : "") +
            (run.OutputDir is null ? "" : $" -> {context.Shown(run.OutputDir)}");
        if (task is null)
        {
            context.Out.WriteLine(line);
            return;
        }
        AnsiConsole.MarkupLine(Markup.Escape(line));
        task.Value = start.Fraction;
    }

    private void Step(TrainingProgress p)
    {
        if (task is null || (DateTime.UtcNow - lastRefresh).TotalMilliseconds < 100 && p.Fraction < 1) return;
        lastRefresh = DateTime.UtcNow;
        task.Value = p.Fraction;
        task.Description = string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch} iter {p.Iteration:N0} loss {p.Loss:0.00} {p.WordsPerSecond:N0} words/s " +
            $"{Eta(p.Remaining)}");
    }

    /// <summary>The time left as h:mm:ss or m:ss, or "--:--" before there is a rate to go by.</summary>
    public static string Eta(TimeSpan? remaining) => remaining switch
    {
        null => "left --:--",
        { TotalHours: >= 1 } r => $"left {(int)r.TotalHours}:{r.Minutes:00}:{r.Seconds:00}",
        { } r => $"left {r.Minutes}:{r.Seconds:00}",
    };

    private void Log(LossRecord r, TimeSpan elapsed)
    {
        if (task is not null) return;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| epoch {r.Epoch} |  iter {r.Iteration}{(stepsPerEpoch is { } n ? $" / {n}" : "")} | time " +
            $"{(int)elapsed.TotalSeconds}[s] | loss {r.Loss:0.00}"));
    }

    /// <summary>
    /// Keeps loss.png current without drawing it at every checkpoint (a drawing costs more than a fast epoch on
    /// PTB): at a checkpoint when 10 seconds have passed since the last drawing, and when the run ends.
    /// </summary>
    private void Checkpointed(string path)
    {
        LastCheckpoint = path;
        plotPending = Path.Combine(Path.GetDirectoryName(path)!, "loss.png");
        if ((DateTime.UtcNow - lastPlot).TotalSeconds >= 10) PlotLoss();
        if (task is null) context.Out.WriteLine($"checkpoint: {context.Shown(path)}");
    }
}

using System.Globalization;
using NegSampling.Training;
using Spectre.Console;

namespace NegSampling.Cli;

/// <summary>
/// Shows a run: a Spectre.Console progress bar (epoch, iteration, loss, words/s, ETA) on a terminal, the
/// book's plain log lines otherwise. Writes the loss curve at each checkpoint.
/// </summary>
public sealed class TrainingDisplay(CliContext context, string runName) : ITrainingObserver
{
    private ProgressTask? task;
    private long lastRefreshStep;

    public string? LastCheckpoint { get; private set; }

    /// <summary>Runs <paramref name="train"/> under a progress bar when interactive, plainly otherwise.</summary>
    public void Run(Action<ITrainingObserver> train)
    {
        if (!context.Interactive)
        {
            train(this);
            return;
        }
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                task = ctx.AddTask(runName);
                train(this);
                task.StopTask();
            });
    }

    public void OnStart(TrainingPlan plan)
    {
        var line = $"training {runName}: {plan.Tokens:N0} tokens, {plan.VocabularySize:N0} words, {plan.Epochs} epochs x {plan.IterationsPerEpoch:N0} iterations on {plan.Device}"
                   + (plan.StartStep > 0 ? $", resuming at step {plan.StartStep:N0}" : "") + $" -> {plan.OutputDir}";
        if (task is null) context.Out.WriteLine(line);
        else AnsiConsole.MarkupLine(Markup.Escape(line));
        if (task is not null)
        {
            task.MaxValue = plan.Epochs * plan.IterationsPerEpoch;
            task.Value = plan.StartStep;
        }
    }

    public void OnStep(TrainingProgress p)
    {
        if (task is null || p.Step - lastRefreshStep < 10 && p.Step != p.TotalSteps) return;
        lastRefreshStep = p.Step;
        task.Value = p.Step;
        task.Description = string.Create(CultureInfo.InvariantCulture,
            $"epoch {p.Epoch} iter {p.Iteration:N0} loss {p.Loss:0.00} {p.WordsPerSecond:N0} words/s");
    }

    public void OnLog(LossRecord r, long iterationsPerEpoch, TimeSpan elapsed)
    {
        if (task is not null) return;
        context.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| epoch {r.Epoch} |  iter {r.Iteration} / {iterationsPerEpoch} | time {(int)elapsed.TotalSeconds}[s] | loss {r.Loss:0.00}"));
    }

    public void OnCheckpoint(string path, IReadOnlyList<LossRecord> history)
    {
        LastCheckpoint = path;
        LossCurve.Write(Path.Combine(Path.GetDirectoryName(path)!, "loss.png"), history, runName);
        if (task is null) context.Out.WriteLine($"checkpoint: {path}");
    }
}

using System.CommandLine;
using NegSampling.Training;

namespace NegSampling.Cli.Commands;

/// <summary>negsampling train: a run from a config, or a resumed one, with its display and its messages.</summary>
public sealed class TrainCommand
{
    private readonly Option<string?> config = new("--config")
    {
        Description = "training config (JSON), e.g. configs/ptb-cbow.json",
    };

    private readonly Option<string[]> set = new("--set")
    {
        Description = "override a config key: --set epochs=2 (repeatable)",
        DefaultValueFactory = _ => [],
    };

    private readonly Option<string?> resume = new("--resume")
    {
        Description = "continue from a checkpoint file or the newest checkpoint in a directory",
    };

    private readonly Option<bool> overwrite = new("--overwrite")
    {
        Description = "replace the checkpoints and loss.csv of another run in the output directory",
    };

    private readonly Option<string?> export = new("--export")
    {
        Description = "when training completes, also write W_in to this file (as the export command would)",
    };

    private readonly Option<string> exportFormat = VectorOptions.Format("--export-format");

    private readonly Option<string?> initFrom = new("--init-from")
    {
        Description = "start from these weights: a PyTorch state_dict (.pt, with its .vocab.txt) or safetensors " +
                      "file whose vocabulary is the corpus's, or a checkpoint or run directory",
    };

    private readonly Option<bool> growVocabulary = new("--grow-vocabulary")
    {
        Description = "with --init-from a checkpoint or run directory: add the corpus's new words to its " +
                      "vocabulary (its words keep their ids and vectors, counts merged for the sampler)",
    };

    private readonly CliContext context;

    private TrainCommand(CliContext context) => this.context = context;

    public static Command Create(CliContext context)
    {
        var train = new TrainCommand(context);
        var command = new Command("train", "train word vectors from a config; Ctrl+C saves a checkpoint and stops")
        {
            train.config, train.set, train.resume, train.overwrite, train.export, train.exportFormat, train.initFrom,
            train.growVocabulary,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(train.growVocabulary) && result.GetValue(train.initFrom) is null)
                result.AddError("--grow-vocabulary grows the vocabulary of --init-from MODEL, which is missing");
        });
        command.SetAction(train.Execute);
        return command;
    }

    private int Execute(ParseResult parsed)
    {
        TrainingRun StartOrRefuse()
        {
            try { return Start(parsed); }
            catch (RunDirectoryInUseException e) { throw new CliException(InUse(e)); }
        }
        using var run = StartOrRefuse();
        if (run.Rank != 0) return TrainAsAnotherRank(run);
        if (run.Config.CorpusCache is { } cache)
            context.Out.WriteLine($"corpus ids {(run.CorpusFromCache ? "mapped from" : "read, and cached in")} " +
                                  $"{context.Shown(cache)}");
        if (run.GrownFrom is { } grownFrom)
            context.Out.WriteLine($"vocabulary grown: the model's {grownFrom:N0} words and " +
                                  $"{run.VocabularySize - grownFrom:N0} new ones of the corpus");
        var output = context.Shown(run.OutputDir!);
        if (run.Finished)
        {
            context.Out.WriteLine($"the run in {output} is complete ({run.Config.Epochs} epochs, {run.Step:N0} " +
                                  $"steps); to train longer: {context.Command} train --resume {output} " +
                                  $"--set epochs={run.Config.Epochs + 1}");
            return 0;
        }
        var display = new TrainingDisplay(context, run);
        var trained = false;
        try
        {
            var code = Train(run, display);
            if (code == 0 && parsed.GetValue(export) is { } exportPath) Export(run, parsed, exportPath);
            trained = true;
            return code;
        }
        // After a failure the plot's own (the same full disk, say) must not hide the first one's line.
        finally { display.WaitForPlot(reportFailure: trained); }
    }

    /// <summary>The run: a config file's with --set and the CLI's output and cache defaults, or a checkpoint's.
    /// </summary>
    private TrainingRun Start(ParseResult parsed)
    {
        var (configPath, resumeFrom) = (parsed.GetValue(config), parsed.GetValue(resume));
        if (configPath is null && resumeFrom is null)
            throw new CliException("train needs --config FILE or --resume CHECKPOINT");
        if (resumeFrom is not null && parsed.GetValue(initFrom) is not null)
            throw new CliException("give either --resume or --init-from (a resumed run has its weights already)");
        if (configPath is not null && resumeFrom is not null)
            throw new CliException("give either --config or --resume (a resumed run uses the checkpoint's config, " +
                                   "changed with --set)");
        var overrides = parsed.GetValue(set) ?? [];
        var (dataDirectory, replace) = (parsed.GetValue(context.DataDirOption), parsed.GetValue(overwrite));
        if (resumeFrom is not null) return TrainingRun.Resume(resumeFrom, overrides, dataDirectory, replace);
        var settings = TrainingConfig.Load(configPath!);
        settings.Override(overrides);
        settings.OutputDir ??= Path.Combine("checkpoints", settings.Name);
        // Beside the run directories: another run on the same corpus maps its ids instead of reading it again.
        var runs = Path.GetDirectoryName(Path.GetFullPath(settings.OutputDir))!;
        settings.CorpusCache ??= Path.Combine(runs, ".corpus-cache");
        return TrainingRun.Start(settings, dataDirectory, parsed.GetValue(initFrom), replace,
            parsed.GetValue(growVocabulary));
    }

    private int Train(TrainingRun run, TrainingDisplay display)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try { display.Run(progress => run.Run(progress, cancel.Token)); }
        catch (RunDirectoryInUseException e) { throw new CliException(InUse(e)); }
        finally
        {
            display.StartLastPlot(); // drawn while the vectors are exported
            Console.CancelKeyPress -= onCancel;
        }
        var output = context.Shown(run.OutputDir!);
        if (cancel.IsCancellationRequested)
        {
            // Without a terminal the display has printed each checkpoint already.
            if (context.Interactive) context.Out.WriteLine($"checkpoint: {context.Shown(display.LastCheckpoint!)}");
            context.Out.WriteLine($"interrupted; resume with: {context.Command} train --resume {output}");
            return 130;
        }
        context.Out.WriteLine($"done: {context.Shown(display.LastCheckpoint!)}, loss.csv and loss.png in {output}");
        if (run.Ranks > 1 && run.SyncCount > 0)
            context.Out.WriteLine($"{run.Ranks} ranks: {run.SyncCount:N0} syncs, " +
                                  $"{run.SyncBytes / 1e6 / run.SyncCount:0.00} MB sent and " +
                                  $"{run.SyncTime.TotalMilliseconds / run.SyncCount:0.0} ms each on average");
        return 0;
    }

    /// <summary>A rank besides rank 0 of a run on several processes: it trains, and rank 0 speaks and writes for the
    /// run. Ctrl+C reaches every rank; rank 0's decides when they all stop.</summary>
    private static int TrainAsAnotherRank(TrainingRun run)
    {
        ConsoleCancelEventHandler ignore = (_, e) => e.Cancel = true;
        Console.CancelKeyPress += ignore;
        try { run.Run(); }
        finally { Console.CancelKeyPress -= ignore; }
        return 0;
    }

    /// <summary>A run training in the output directory now, or another run's files there, and the ways on.</summary>
    private string InUse(RunDirectoryInUseException e)
    {
        var dir = context.Shown(e.Directory);
        if (e.HeldByALiveRun)
            return $"{dir} is in use by a run training there now " +
                   $"({(e.ProcessId is { } id ? $"process {id}" : "another process")}); wait for it to end or stop " +
                   "it, or write elsewhere with --set outputDir=DIR (--overwrite never replaces a live run's files)";
        return e.NewerThanResumed
            ? $"{dir} holds checkpoints newer than the one resumed (newest: {e.Newest}); resume the newest with " +
              $"--resume {dir}, write elsewhere with --set outputDir=DIR, or drop the newer ones with --overwrite"
            : $"{dir} already holds a run (newest: {e.Newest}); continue it with {context.Command} train --resume " +
              $"{dir}, write elsewhere with --set outputDir=DIR, or replace it with --overwrite";
    }

    private void Export(TrainingRun run, ParseResult parsed, string path)
    {
        var format = parsed.GetValue(exportFormat)!;
        run.Save(path, VectorOptions.Formats[format]);
        context.Out.WriteLine($"wrote {VectorOptions.Describe(run.VocabularySize, run.Config.HiddenSize, format)} to " +
                              $"{context.Shown(path)}");
    }
}

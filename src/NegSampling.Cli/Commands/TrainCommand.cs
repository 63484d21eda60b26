using System.CommandLine;
using NegSampling.Formats;
using NegSampling.Runtime;
using NegSampling.Training;

namespace NegSampling.Cli.Commands;

public static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string?>("--config") { Description = "training config (JSON), e.g. configs/ptb-cbow.json" };
        var set = new Option<string[]>("--set")
        {
            Description = "override a config key: --set epochs=2 (repeatable)", DefaultValueFactory = _ => [],
        };
        var resume = new Option<string?>("--resume") { Description = "continue from a checkpoint file or the newest checkpoint in a directory" };
        var overwrite = new Option<bool>("--overwrite")
        {
            Description = "replace the checkpoints and loss.csv of another run in the output directory",
        };
        var export = new Option<string?>("--export")
        {
            Description = "when training completes, also write W_in to this file (as the export command would)",
        };
        var exportFormat = VectorOptions.Format("--export-format");
        var initFrom = new Option<string?>("--init-from")
        {
            Description = "start from these weights: a PyTorch state_dict (.pt, with its .vocab.txt) or safetensors file " +
                          "whose vocabulary is the corpus's",
        };
        var command = new Command("train", "train word vectors from a config; Ctrl+C saves a checkpoint and stops")
            { config, set, resume, overwrite, export, exportFormat, initFrom };
        command.SetAction(parsed =>
        {
            var overrides = parsed.GetValue(set) ?? [];
            var resumeFrom = parsed.GetValue(resume);
            var configPath = parsed.GetValue(config);
            if (configPath is null && resumeFrom is null) throw new CliException("train needs --config FILE or --resume CHECKPOINT");
            if (resumeFrom is not null && parsed.GetValue(initFrom) is not null)
                throw new CliException("give either --resume or --init-from (a resumed run has its weights already)");
            if (configPath is not null && resumeFrom is not null)
                throw new CliException("give either --config or --resume (a resumed run uses the checkpoint's config, changed with --set)");
            CliContext.EnsureTorch();

            Checkpoint? checkpoint = null;
            TrainingConfig settings;
            if (resumeFrom is not null)
            {
                checkpoint = Checkpoint.Load(Checkpoint.Resolve(resumeFrom));
                settings = TrainingConfig.ForResume(checkpoint.Config, overrides);
            }
            else
            {
                settings = TrainingConfig.Load(configPath!);
                settings.Override(overrides);
            }
            settings.OutputDir ??= Path.Combine("checkpoints", settings.Name);
            // Beside the run directories: another run on the same corpus maps its ids instead of reading it again.
            settings.CorpusCache ??= Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.OutputDir))!, ".corpus-cache");
            settings.Validate();
            TorchThreads.Use(settings.EffectiveThreads);

            using var data = TrainingData.Load(settings, context.DataDirectory(parsed));
            context.Out.WriteLine($"corpus ids {(data.FromCache ? "mapped from" : "read, and cached in")} {context.Shown(settings.CorpusCache)}");
            using var initial = parsed.GetValue(initFrom) is { } initPath ? ModelWeights.Load(initPath) : null;
            using var trainer = new Trainer(settings, data, checkpoint, parsed.GetValue(overwrite), initial);
            checkpoint?.Dispose();
            if (trainer.Finished)
            {
                context.Out.WriteLine($"the run in {context.Shown(trainer.OutputDir!)} is complete ({settings.Epochs} epochs, " +
                                      $"{trainer.Step:N0} steps); to train longer: {context.Command} train --resume " +
                                      $"{context.Shown(trainer.OutputDir!)} --set epochs={settings.Epochs + 1}");
                return 0;
            }
            var code = Train(context, trainer, settings.Name);
            if (code == 0 && parsed.GetValue(export) is { } exportPath)
            {
                using var weights = new ModelWeights(data.Vocabulary.Words, trainer.Model.WIn.detach(), trainer.Model.WOut.detach());
                weights.Save(exportPath, VectorOptions.Formats[parsed.GetValue(exportFormat)!]);
                context.Out.WriteLine($"wrote {VectorOptions.Describe(weights, parsed.GetValue(exportFormat)!)} to {context.Shown(exportPath)}");
            }
            return code;
        });
        return command;
    }

    private static int Train(CliContext context, Trainer trainer, string name)
    {
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        try
        {
            var display = new TrainingDisplay(context, name);
            try { display.Run(observer => trainer.Run(observer, cancel.Token)); }
            catch (RunDirectoryInUseException e)
            {
                var dir = context.Shown(e.Directory);
                throw new CliException(e.NewerThanResumed
                    ? $"{dir} holds checkpoints newer than the one resumed (newest: {e.Newest}); resume the newest with " +
                      $"--resume {dir}, write elsewhere with --set outputDir=DIR, or drop the newer ones with --overwrite"
                    : $"{dir} already holds a run (newest: {e.Newest}); continue it with {context.Command} train --resume " +
                      $"{dir}, write elsewhere with --set outputDir=DIR, or replace it with --overwrite");
            }
            finally { display.PlotLoss(); }
            var output = context.Shown(trainer.OutputDir!);
            if (cancel.IsCancellationRequested)
            {
                // Without a terminal the display has printed each checkpoint already.
                if (context.Interactive) context.Out.WriteLine($"checkpoint: {context.Shown(display.LastCheckpoint!)}");
                context.Out.WriteLine($"interrupted; resume with: {context.Command} train --resume {output}");
                return 130;
            }
            context.Out.WriteLine($"done: {context.Shown(display.LastCheckpoint!)}, loss.csv and loss.png in {output}");
            return 0;
        }
        finally { Console.CancelKeyPress -= onCancel; }
    }
}

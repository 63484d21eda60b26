using System.CommandLine;
using NegSampling.Training;

namespace NegSampling.Cli.Commands;

public static class TrainCommand
{
    public static Command Create(CliContext context)
    {
        var config = new Option<string?>("--config") { Description = "training config (JSON), e.g. configs/ptb-cbow.json" };
        var set = new Option<string[]>("--set") { Description = "override a config key: --set epochs=2 (repeatable)", AllowMultipleArgumentsPerToken = false, DefaultValueFactory = _ => [] };
        var resume = new Option<string?>("--resume") { Description = "continue from a checkpoint file or the newest checkpoint in a directory" };
        var command = new Command("train", "train word vectors from a config; Ctrl+C saves a checkpoint and stops") { config, set, resume };
        command.SetAction(parsed =>
        {
            var overrides = parsed.GetValue(set) ?? [];
            var resumeFrom = parsed.GetValue(resume);
            var configPath = parsed.GetValue(config);
            if (configPath is null && resumeFrom is null) throw new CliException("train needs --config FILE or --resume CHECKPOINT");
            if (configPath is not null && resumeFrom is not null) throw new CliException("give either --config or --resume (a resumed run uses the checkpoint's config, changed with --set)");
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

            var data = TrainingData.Load(settings, context.DataDirectory(parsed));
            using var trainer = new Trainer(settings, data, checkpoint);
            checkpoint?.Dispose();
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += onCancel;
            try
            {
                var display = new TrainingDisplay(context, settings.Name);
                display.Run(observer => trainer.Run(observer, cancel.Token));
                context.Out.WriteLine(cancel.IsCancellationRequested
                    ? $"interrupted; resume with: ./negsampling train --resume {trainer.OutputDir}"
                    : $"done: {display.LastCheckpoint}, loss.csv and loss.png in {trainer.OutputDir}");
            }
            finally { Console.CancelKeyPress -= onCancel; }
            return cancel.IsCancellationRequested ? 130 : 0;
        });
        return command;
    }
}

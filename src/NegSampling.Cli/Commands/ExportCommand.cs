using System.CommandLine;
using NegSampling.Evaluation;
using NegSampling.Formats;

namespace NegSampling.Cli.Commands;

public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var checkpoint = new Option<string>("--checkpoint") { Description = "checkpoint file or run directory (newest checkpoint)", Required = true };
        var format = VectorOptions.Format("--format");
        var output = new Option<string>("--out") { Description = "file to write (replaced atomically)", Required = true };
        var command = new Command("export", "write W_in of a checkpoint in a format gensim or numpy reads") { checkpoint, format, output };
        command.SetAction(parsed =>
        {
            CliContext.EnsureTorch();
            using var vectors = WordVectors.Load(Checkpoint.Resolve(parsed.GetValue(checkpoint)!));
            var path = parsed.GetValue(output)!;
            vectors.Save(path, VectorOptions.Formats[parsed.GetValue(format)!]);
            context.Out.WriteLine($"wrote {vectors.Count:N0} x {vectors.Dimensions} vectors ({parsed.GetValue(format)}) to {path}");
            return 0;
        });
        return command;
    }
}

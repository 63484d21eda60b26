using System.CommandLine;
using NegSampling.Formats;

namespace NegSampling.Cli.Commands;

public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var checkpoint = new Option<string>("--checkpoint")
        {
            Description = "checkpoint file or run directory (newest checkpoint), or a state_dict or safetensors file",
            Required = true,
        };
        var format = VectorOptions.Format("--format");
        var output = new Option<string>("--out")
        {
            Description = "file to write (replaced atomically)",
            Required = true
        };
        var command = new Command("export",
            "write a model's vectors for gensim or numpy (W_in), or its weights for PyTorch (W_in and W_out)")
            { checkpoint, format, output };
        command.SetAction(parsed =>
        {
            CliContext.EnsureTorch();
            using var weights = ModelWeights.Load(parsed.GetValue(checkpoint)!);
            var path = parsed.GetValue(output)!;
            weights.Save(path, VectorOptions.Formats[parsed.GetValue(format)!]);
            context.Out.WriteLine($"wrote {VectorOptions.Describe(weights, parsed.GetValue(format)!)} to {path}");
            return 0;
        });
        return command;
    }
}

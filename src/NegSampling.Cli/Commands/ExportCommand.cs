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
            var (path, name) = (parsed.GetValue(output)!, parsed.GetValue(format)!);
            weights.Save(path, VectorOptions.Formats[name]);
            var what = VectorOptions.Describe(weights.Words.Count, weights.WIn.shape[1], name);
            context.Out.WriteLine($"wrote {what} to {path}");
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using NegSampling.Evaluation;
using NegSampling.Formats;

namespace NegSampling.Cli.Commands;

public static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var checkpoint = new Option<string>("--checkpoint")
        {
            Description = "checkpoint file or run directory (newest checkpoint), a state_dict or safetensors file, " +
                "or (for the vector formats) any file --vectors reads",
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
            var path = parsed.GetValue(output)!;
            var name = parsed.GetValue(format)!;
            if (!VectorOptions.HoldsBothWeights(name))
            {
                using var vectors = WordVectors.Load(parsed.GetValue(checkpoint)!);
                vectors.Save(path, VectorOptions.Formats[name]);
                context.Out.WriteLine($"wrote {VectorOptions.Describe(vectors, name)} to {path}");
                return 0;
            }
            using var weights = ModelWeights.Load(parsed.GetValue(checkpoint)!);
            weights.Save(path, VectorOptions.Formats[name]);
            context.Out.WriteLine($"wrote {VectorOptions.Describe(weights, name)} to {path}");
            return 0;
        });
        return command;
    }
}

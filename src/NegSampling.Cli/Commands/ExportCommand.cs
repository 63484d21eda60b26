using System.CommandLine;
using NegSampling.Formats;

namespace NegSampling.Cli.Commands;

public static class ExportCommand
{
    private const string Projector = "projector";

    public static Command Create(CliContext context)
    {
        var checkpoint = new Option<string>("--checkpoint")
        {
            Description = "checkpoint file or run directory (newest checkpoint), a state_dict or safetensors file, " +
                "or (for the vector formats and projector) any file --vectors reads",
            Required = true,
        };
        var format = VectorOptions.Format("--format", (Projector,
            "the Embedding Projector's tensors.tsv, metadata.tsv and projector_config.pbtxt in the --out directory"));
        var output = new Option<string>("--out")
        {
            Description = "file to write (replaced atomically); for projector a directory",
            Required = true
        };
        var top = new Option<int?>("--top")
        {
            Description = "projector: only the N most frequent words (a checkpoint's counts; other files: their " +
                          "first N rows)",
        }.AtLeast(1, "a number of words (1 or more)");
        var command = new Command("export",
            "write a model's vectors for gensim or numpy (W_in), its weights for PyTorch (W_in and W_out), or the " +
            "Embedding Projector's files")
            { checkpoint, format, output, top };
        command.Validators.Add(result =>
        {
            // A format not known is refused by its option; the default is word2vec.
            if (result.GetResult(top) is not null && (result.Token(format) ?? "word2vec") is var chosen
                && chosen != Projector && VectorOptions.Formats.ContainsKey(chosen))
                result.AddError("--top cuts the vocabulary of --format projector only");
        });
        command.SetAction(parsed =>
        {
            var path = parsed.GetValue(output)!;
            var name = parsed.GetValue(format)!;
            if (name == Projector)
            {
                using var all = VectorOptions.Load(parsed.GetValue(checkpoint)!, context.Err);
                using var cut = parsed.GetValue(top) is { } n ? all.MostFrequent(n) : null;
                var vectors = cut ?? all;
                vectors.Save(path, VectorFormat.Projector);
                context.Out.WriteLine($"wrote {vectors.Count:N0} x {vectors.Dimensions} vectors to {path} " +
                    "(tensors.tsv, metadata.tsv" +
                    (vectors.Counts is null ? " without counts: the file holds none" : " with counts") +
                    ", projector_config.pbtxt)");
                return 0;
            }
            if (!VectorOptions.HoldsBothWeights(name))
            {
                using var vectors = VectorOptions.Load(parsed.GetValue(checkpoint)!, context.Err);
                vectors.Save(path, VectorOptions.Formats[name]);
                context.Out.WriteLine($"wrote {VectorOptions.Describe(vectors, name)} to {path}");
                return 0;
            }
            using var model = Word2Vec.Load(parsed.GetValue(checkpoint)!);
            model.Save(path, VectorOptions.Formats[name]);
            context.Out.WriteLine($"wrote {VectorOptions.Describe(model.Vectors, name)} to {path}");
            return 0;
        });
        return command;
    }
}

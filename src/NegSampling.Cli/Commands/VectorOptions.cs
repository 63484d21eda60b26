using System.CommandLine;
using System.Text.Json;
using NegSampling.Evaluation;
using NegSampling.Formats;

namespace NegSampling.Cli.Commands;

/// <summary>The --vectors option the query commands share: a checkpoint (file or run directory) or an exported
/// file.</summary>
public static class VectorOptions
{
    public static Option<string> Vectors() => new("--vectors")
    {
        Description = "a checkpoint (.nsck or its run directory), a PyTorch state_dict (.pt) or safetensors file, or " +
                      "exported vectors (word2vec text or binary, .npy float16), told by their content",
        Required = true,
    };

    /// <summary>The export formats by the names the command line takes.</summary>
    public static readonly IReadOnlyDictionary<string, VectorFormat> Formats = new Dictionary<string, VectorFormat>
    {
        ["word2vec"] = VectorFormat.Word2Vec,
        ["word2vec-binary"] = VectorFormat.Word2VecBinary,
        ["float16"] = VectorFormat.Float16,
        ["pytorch"] = VectorFormat.PyTorch,
        ["safetensors"] = VectorFormat.Safetensors,
    };

    /// <summary>An option naming an export format (default word2vec text), or one of the further formats a command
    /// writes besides.</summary>
    public static Option<string> Format(string name, params (string Name, string Description)[] further)
    {
        var option = new Option<string>(name)
        {
            Description = "word2vec text or binary (W_in, for gensim), float16 (.npy with .words.txt), " +
                "pytorch (a state_dict of W_in and W_out with .vocab.txt) or safetensors" +
                string.Concat(further.Select(f => $"; {f.Name}: {f.Description}")),
            DefaultValueFactory = _ => "word2vec",
        };
        option.AcceptOnlyFromAmong([.. Formats.Keys, .. further.Select(f => f.Name)]);
        return option;
    }

    /// <summary>What an export wrote: "10,000 x 100 vectors (word2vec)", or both weights for PyTorch formats.</summary>
    public static string Describe(ModelWeights weights, string format) =>
        Formats[format] is VectorFormat.PyTorch or VectorFormat.Safetensors
            ? $"{ModelWeights.WInName} and {ModelWeights.WOutName}, {weights.Words.Count:N0} x " +
                $"{weights.WIn.shape[1]} ({format})"
            : $"{weights.Words.Count:N0} x {weights.WIn.shape[1]} vectors ({format})";

    public static Option<int> Top() => new("--top") { Description = "how many answers", DefaultValueFactory = _ => 5 };

    public static WordVectors Load(ParseResult parsed, Option<string> option)
    {
        CliContext.EnsureTorch();
        return WordVectors.Load(parsed.GetValue(option)!);
    }

    public static Option<bool> Json() => new("--json") { Description = "print the results as JSON" };

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Prints a result for scripts: indented JSON of an object whose member names are the keys.</summary>
    public static void WriteJson(TextWriter o, object value) => o.WriteLine(JsonSerializer.Serialize(value, Indented));

    /// <summary>Neighbours as JSON objects: {"word": ..., "similarity": ...}.</summary>
    public static object Json(IEnumerable<Neighbour> neighbours) =>
        neighbours.Select(n => new { word = n.Word, similarity = n.Similarity }).ToList();

    public static void Print(TextWriter o, IEnumerable<Neighbour> neighbours)
    {
        foreach (var n in neighbours) o.WriteLine($" {n.Word}: {n.Similarity:0.#####}");
    }
}

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
        ["native"] = VectorFormat.Native,
    };

    /// <summary>An option naming an export format (default word2vec text), or one of the further formats a command
    /// writes besides.</summary>
    public static Option<string> Format(string name, params (string Name, string Description)[] further) =>
        new Option<string>(name)
        {
            Description = "word2vec text or binary (W_in, for gensim), float16 (.npy with .words.txt), " +
                "pytorch (a state_dict of W_in and W_out with .vocab.txt), safetensors, or native (W_in, mapped when " +
                "read)" + string.Concat(further.Select(f => $"; {f.Name}: {f.Description}")),
            DefaultValueFactory = _ => "word2vec",
        }.OneOf([.. Formats.Keys, .. further.Select(f => f.Name)]);

    /// <summary>Whether a format holds both weights (else W_in alone, as word vectors).</summary>
    public static bool HoldsBothWeights(string format) =>
        Formats[format] is VectorFormat.PyTorch or VectorFormat.Safetensors;

    /// <summary>What an export of <paramref name="count"/> words of <paramref name="h"/> dimensions wrote.</summary>
    public static string Describe(long count, long h, string format) => HoldsBothWeights(format)
        ? $"{Word2Vec.WInName} and {Word2Vec.WOutName}, {count:N0} x {h} ({format})"
        : $"{count:N0} x {h} vectors ({format})";

    /// <summary>What an export of word vectors wrote.</summary>
    public static string Describe(WordVectors vectors, string format) =>
        Describe(vectors.Count, vectors.Dimensions, format);

    public static Option<int> Top() => new Option<int>("--top")
    {
        Description = "how many answers",
        DefaultValueFactory = _ => 5,
    }.AtLeast(0, "a number of answers (0 or more)");

    /// <summary>--limit N: only the first N vectors (gensim's load_word2vec_format(limit=N)).</summary>
    public static Option<long?> Limit() => new Option<long?>("--limit")
    {
        Description = "read only the first N vectors of the file",
    }.AtLeast(1, "a positive number of vectors");

    /// <summary>
    /// Makes a word that looks like an option ("--limit") a usage error, as an unknown option is for commands
    /// without free arguments: System.CommandLine would take it as a query word.
    /// </summary>
    public static Argument<string[]> RefusingOptions(this Argument<string[]> words)
    {
        words.Validators.Add(result =>
        {
            var option = result.Tokens.FirstOrDefault(t => t.Value.Length > 2 && t.Value.StartsWith("--",
                StringComparison.Ordinal) && char.IsAsciiLetter(t.Value[2]));
            if (option is not null) result.AddError($"Unrecognized command or argument '{option.Value}'");
        });
        return words;
    }

    /// <summary>The vectors the options name; a warning of the loader (duplicate words) goes to stderr.</summary>
    public static WordVectors Load(ParseResult parsed, Option<string> option, Option<long?> limit, TextWriter error) =>
        Load(parsed.GetValue(option)!, error, parsed.GetValue(limit));

    /// <summary>The vectors of a file (its first <paramref name="limit"/>); a warning of the loader (duplicate words)
    /// goes to stderr.</summary>
    public static WordVectors Load(string path, TextWriter error, long? limit = null)
    {
        var vectors = WordVectors.Load(path, limit);
        if (vectors.LoadWarning is { } warning) error.WriteLine($"warning: {warning}");
        return vectors;
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

using System.CommandLine;
using NegSampling.Evaluation;
using NegSampling.Formats;

namespace NegSampling.Cli.Commands;

/// <summary>The --vectors option the query commands share: a checkpoint (file or run directory) or an exported file.</summary>
public static class VectorOptions
{
    public static Option<string> Vectors() => new("--vectors")
    {
        Description = "a checkpoint (.nsck or its run directory) or exported vectors (word2vec text, .bin binary, .npy float16)",
        Required = true,
    };

    public static Option<int> Top() => new("--top") { Description = "how many answers", DefaultValueFactory = _ => 5 };

    public static WordVectors Load(ParseResult parsed, Option<string> option)
    {
        CliContext.EnsureTorch();
        return WordVectors.Load(parsed.GetValue(option)!);
    }

    public static void Print(TextWriter o, IEnumerable<Neighbour> neighbours)
    {
        foreach (var n in neighbours) o.WriteLine($" {n.Word}: {n.Similarity:0.#####}");
    }
}

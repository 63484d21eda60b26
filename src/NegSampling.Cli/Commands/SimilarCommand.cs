using System.CommandLine;

namespace NegSampling.Cli.Commands;

public static class SimilarCommand
{
    public static Command Create(CliContext context)
    {
        var vectors = VectorOptions.Vectors();
        var limit = VectorOptions.Limit();
        var top = VectorOptions.Top();
        var words = new Argument<string[]>("words") { Description = "query words", Arity = ArgumentArity.OneOrMore }
            .RefusingOptions();
        var command = new Command("similar",
            "the most similar words (cosine), like the book's most_similar") { vectors, limit, top, words };
        command.SetAction(parsed =>
        {
            using var wv = VectorOptions.Load(parsed, vectors, limit, context.Err);
            foreach (var word in parsed.GetValue(words)!)
            {
                var neighbours = wv.MostSimilar(word, parsed.GetValue(top));
                context.Out.WriteLine($"[query] {word}");
                VectorOptions.Print(context.Out, neighbours);
                context.Out.WriteLine();
            }
            return 0;
        });
        return command;
    }
}

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
        var json = VectorOptions.Json();
        var command = new Command("similar",
            "the most similar words (cosine), like the book's most_similar") { vectors, limit, top, json, words };
        command.SetAction(parsed =>
        {
            using var wv = VectorOptions.Load(parsed, vectors, limit, context.Err);
            // Every query is answered before anything is printed: an unknown word leaves no half JSON behind.
            var answers = parsed.GetValue(words)!.Select(w => (Word: w, Neighbours: wv.MostSimilar(w,
                parsed.GetValue(top)))).ToList();
            if (parsed.GetValue(json))
            {
                VectorOptions.WriteJson(context.Out, new
                {
                    vectors = parsed.GetValue(vectors),
                    queries = answers.Select(a => new { word = a.Word, neighbours = VectorOptions.Json(a.Neighbours) }),
                });
                return 0;
            }
            foreach (var (word, neighbours) in answers)
            {
                context.Out.WriteLine($"[query] {word}");
                VectorOptions.Print(context.Out, neighbours);
                context.Out.WriteLine();
            }
            return 0;
        });
        return command;
    }
}

using System.CommandLine;

namespace NegSampling.Cli.Commands;

public static class AnalogyCommand
{
    public static Command Create(CliContext context)
    {
        var vectors = VectorOptions.Vectors();
        var limit = VectorOptions.Limit();
        var top = VectorOptions.Top();
        var json = VectorOptions.Json();
        var words = new Argument<string[]>("a b c")
        {
            Description = "solve a:b = c:?",
            Arity = new ArgumentArity(3, 3)
        }.RefusingOptions();
        var command = new Command("analogy", "a:b = c:? by 3CosAdd, like the book's eval.py")
        {
            vectors, limit, top, json, words,
        };
        command.SetAction(parsed =>
        {
            using var wv = VectorOptions.Load(parsed, vectors, limit, context.Err);
            var (a, b, c) = (parsed.GetValue(words)![0], parsed.GetValue(words)![1], parsed.GetValue(words)![2]);
            var answers = wv.Analogy(a, b, c, parsed.GetValue(top));
            if (parsed.GetValue(json))
            {
                VectorOptions.WriteJson(context.Out, new
                {
                    vectors = parsed.GetValue(vectors),
                    a,
                    b,
                    c,
                    answers = VectorOptions.Json(answers),
                });
                return 0;
            }
            context.Out.WriteLine($"[analogy] {a}:{b} = {c}:?");
            VectorOptions.Print(context.Out, answers);
            return 0;
        });
        return command;
    }
}

using System.CommandLine;
using static TorchSharp.torch;

namespace NegSampling.Cli.Commands;

/// <summary>The seed notebook's cells (plain numpy there), reproduced with TorchSharp; the tests check the book's
/// layers and sampler against the same printed values.</summary>
public static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var seed = new Option<long>("--seed")
        {
            Description = "seed of the sampling cells",
            DefaultValueFactory = _ => 0
        };
        var command = new Command("demo", "reproduce the seed notebook's EmbeddingDot and sampling cells") { seed };
        command.SetAction(parsed =>
        {
            CliContext.EnsureTorch();
            EmbeddingDotCells(context.Out);
            SamplingCells(context.Out, parsed.GetValue(seed));
            return 0;
        });
        return command;
    }

    private static void EmbeddingDotCells(TextWriter o)
    {
        o.WriteLine("# EmbeddingDot forward, step by step");
        var w = arange(21, ScalarType.Int64).reshape(7, 3);
        var idx = tensor(new long[] { 0, 3, 1 });
        var h = w.index_select(0, tensor(new long[] { 0, 1, 2 }));
        o.WriteLine($"W:\n {ArrayText.Format(w)}");
        o.WriteLine($"idx:\n {ArrayText.Format(idx.unsqueeze(0))}");
        o.WriteLine($"h:\n {ArrayText.Format(h)}");
        // The cells' own numpy, in TorchSharp: target_W = W[idx]; out = np.sum(target_W * h, axis=1).
        var targetW = w.index_select(0, idx);
        o.WriteLine($"target_W:\n {ArrayText.Format(targetW)}");
        o.WriteLine($"target_W*h:\n {ArrayText.Format(targetW * h)}");
        o.WriteLine($"out:\n {ArrayText.Format((targetW * h).sum(1))}");
        o.WriteLine();
    }

    private static void SamplingCells(TextWriter o, long seed)
    {
        var generator = new Generator((ulong)seed);
        Tensor Choice(int n, int size, bool replace, double[]? p = null) =>
            multinomial(p is null ? ones(n, ScalarType.Float64) : tensor(p), size, replacement: replace,
                generator: generator);

        o.WriteLine($"# Sampling with torch.multinomial (seed {seed})");
        o.WriteLine($"choice(10): {Choice(10, 1, true).item<long>()}");
        o.WriteLine($"choice(10): {Choice(10, 1, true).item<long>()}");
        string[] words = ["you", "say", "goodbye", "i", "hello", "."];
        string Pick(Tensor ids) => ArrayText.Words(ids.data<long>().ToArray().Select(i => words[i]));
        o.WriteLine($"choice(words): '{words[Choice(words.Length, 1, true).item<long>()]}'");
        o.WriteLine($"choice(words, size=5): {Pick(Choice(words.Length, 5, true))}");
        o.WriteLine($"choice(words, size=5, replace=False): {Pick(Choice(words.Length, 5, false))}");
        double[] p = [0.5, 0.1, 0.05, 0.2, 0.05, 0.1];
        o.WriteLine($"p = {ArrayText.Format(tensor(p))}, sum(p) = {p.Sum():0.0}");
        o.WriteLine($"choice(words, p=p): '{words[Choice(words.Length, 1, true, p).item<long>()]}'");
        o.WriteLine();
        o.WriteLine("# The 0.75 power on the unigram distribution");
        double[] q = [0.7, 0.29, 0.01];
        var raised = tensor(q).pow(0.75);
        o.WriteLine($"p = {ArrayText.Format(tensor(q))}");
        o.WriteLine($"p^0.75 = {ArrayText.Format(raised)}");
        o.WriteLine($"p^0.75 / sum = {ArrayText.Format(raised / raised.sum())}");
    }
}

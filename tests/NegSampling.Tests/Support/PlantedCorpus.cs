namespace NegSampling.Tests.Support;

/// <summary>
/// A synthetic corpus with planted structure: words come in groups, and each sentence uses the words of one
/// group only, so words of a group share their contexts and should end up nearest to each other.
/// </summary>
public static class PlantedCorpus
{
    public static string Text(int groups, int wordsPerGroup, int sentences, int sentenceLength, int seed)
    {
        var random = new Random(seed);
        var lines = new List<string>();
        for (var s = 0; s < sentences; s++)
        {
            var g = random.Next(groups);
            lines.Add(string.Join(' ',
                Enumerable.Range(0, sentenceLength).Select(_ => Word(g, random.Next(wordsPerGroup)))));
        }
        return string.Join('\n', lines) + "\n";
    }

    public static string Word(int group, int index) => $"g{group}w{index}";
}

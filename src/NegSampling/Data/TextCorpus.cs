namespace NegSampling.Data;

/// <summary>
/// A tokenised text file: whitespace-separated tokens, one sentence per line. As the book's PTB loader
/// (text.replace('\n', '&lt;eos&gt;')), an end-of-sentence token is appended to every line unless disabled.
/// </summary>
public static class TextCorpus
{
    public const string EndOfSentence = "<eos>";

    public static IEnumerable<string> ReadTokens(string path, bool appendEndOfSentence = true, long? maxTokens = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"corpus not found: {path}", path);
        return Read(path, appendEndOfSentence, maxTokens ?? long.MaxValue);
    }

    private static IEnumerable<string> Read(string path, bool appendEndOfSentence, long maxTokens)
    {
        long produced = 0;
        foreach (var line in File.ReadLines(path))
        {
            foreach (var token in line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                if (produced++ >= maxTokens) yield break;
                yield return token;
            }
            if (appendEndOfSentence)
            {
                if (produced++ >= maxTokens) yield break;
                yield return EndOfSentence;
            }
        }
    }
}

namespace NegSampling.Tests.Support;

/// <summary>
/// The project's first corpus reader, kept as the reference the byte reader (CorpusReader) is tested equal to:
/// File.ReadLines (UTF-8, BOM skipped, invalid bytes as U+FFFD, lines ended by \n, \r or \r\n) and
/// string.Split on white space, an end-of-sentence token after every line, as the book's PTB loader.
/// </summary>
public static class ReferenceReader
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

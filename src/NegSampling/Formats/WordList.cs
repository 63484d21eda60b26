namespace NegSampling.Formats;

/// <summary>
/// A vocabulary file beside a matrix (a state_dict's .vocab.txt, a float16 .npy's .words.txt): one word a line, in
/// row order, "\n" after each; a word holding a line break cannot be stored and is refused.
/// </summary>
internal static class WordList
{
    /// <summary>Writes the words atomically.</summary>
    public static void Write(string path, IReadOnlyList<string> words) => AtomicFile.Write(path, stream =>
    {
        using var writer = new StreamWriter(stream, leaveOpen: true);
        foreach (var word in words)
        {
            if (word.Contains('\n') || word.Contains('\r'))
                throw new ArgumentException($"the word '{word}' holds a line break; a vocabulary file cannot store it");
            writer.Write(word + "\n");
        }
    });

    /// <summary>The words of the file that goes with <paramref name="owner"/>; a missing file says which one is
    /// expected, in one line.</summary>
    public static string[] Read(string path, string owner) => File.Exists(path)
        ? File.ReadAllLines(path)
        : throw new FileNotFoundException(
            $"the vocabulary of {owner} is missing: expected {path}, one word a line in row order", path);
}

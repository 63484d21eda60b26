namespace NegSampling.Evaluation;

/// <summary>A word that is not in the vocabulary, with close spellings that are.</summary>
public sealed class UnknownWordException(string word, IReadOnlyList<string> suggestions)
    : KeyNotFoundException($"'{word}' is not in the vocabulary" + (suggestions.Count > 0
        ? $" (did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?)" : ""))
{
    /// <summary>The word asked for.</summary>
    public string Word { get; } = word;
    /// <summary>Vocabulary words within edit distance 2, nearest first.</summary>
    public IReadOnlyList<string> Suggestions { get; } = suggestions;
}

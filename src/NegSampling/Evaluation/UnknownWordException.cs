namespace NegSampling.Evaluation;

/// <summary>A word that is not in the vocabulary, with close spellings that are.</summary>
public sealed class UnknownWordException(string word, IReadOnlyList<string> suggestions)
    : KeyNotFoundException($"'{word}' is not in the vocabulary" + (suggestions.Count > 0 ? $" (did you mean {string.Join(", ", suggestions.Select(s => $"'{s}'"))}?)" : ""))
{
    public string Word { get; } = word;
    public IReadOnlyList<string> Suggestions { get; } = suggestions;
}

namespace NegSampling.Evaluation;

/// <summary>One word pair inside the vocabulary: the human score and the vectors' cosine similarity.</summary>
/// <param name="First">The pair's first word, as the file spells it.</param>
/// <param name="Second">The pair's second word.</param>
/// <param name="Human">The file's similarity score.</param>
/// <param name="Similarity">The cosine similarity of the two words' vectors.</param>
public sealed record WordPairScore(string First, string Second, double Human, double Similarity);

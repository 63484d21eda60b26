using NegSampling.Data;
using NegSampling.Formats;

namespace NegSampling.Evaluation;

/// <summary>Vectors of any file that --vectors reads, with the corpus count of each word where the file holds them (a
/// checkpoint does; exported files do not).</summary>
internal static class CountedVectors
{
    /// <summary>The vectors (W_in of a checkpoint), and the counts of a checkpoint or run directory, else
    /// null.</summary>
    public static (WordVectors Vectors, IReadOnlyList<long>? Counts) Load(string path)
    {
        if (VectorFile.Detect(path) != VectorFormat.Checkpoint) return (WordVectors.Load(path), null);
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(path));
        return (new WordVectors(checkpoint.Words, checkpoint.Tensor(Checkpoint.WIn))
        { ExportRows = checkpoint.ExportRows }, checkpoint.Counts);
    }

    /// <summary>
    /// The rows of the <paramref name="top"/> most frequent words, most frequent first (ties in row order); without
    /// counts the first rows, as word2vec and gensim write words by falling frequency.
    /// </summary>
    public static IReadOnlyList<int> MostFrequent(int rows, IReadOnlyList<long>? counts, int top)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(top, 1);
        return (counts is null ? Enumerable.Range(0, rows) : Vocabulary.ByFallingCount(counts)).Take(top).ToList();
    }
}

using NegSampling.Data;
using NegSampling.Formats;

namespace NegSampling.Training;

/// <summary>
/// A run that starts from a trained model and grows its vocabulary by a new corpus's words, as gensim's
/// build_vocab(update=True) then train: the model's words keep their ids and rows, the new words that the corpus has
/// at least minCount times follow (in vocabOrder among themselves) with the rows of the book's initialisation, and
/// the sampler draws by the merged counts (the model's plus the corpus's). The model's counts come from its
/// checkpoint; files that hold none are refused. A grown run's checkpoints say so (<see cref="Checkpoint.GrownFrom"/>),
/// and resuming one grows the vocabulary again from the same corpus, checked to give the checkpoint's.
/// </summary>
internal static class VocabularyGrowth
{
    /// <summary>The initial model's weights and vocabulary (words and counts), from a checkpoint or run
    /// directory; any other file is refused in one line saying what to pass instead.</summary>
    public static (ModelWeights Weights, Vocabulary Vocabulary) Source(string initFrom)
    {
        var format = VectorFile.Detect(initFrom);
        if (format != VectorFormat.Checkpoint)
            throw new InvalidDataException(
                $"{initFrom}: a {VectorFile.Describe(format)} file holds no word counts, and growing the vocabulary " +
                "merges them for the sampler; pass the model's checkpoint or run directory, or start without " +
                "growing from a file of the corpus's vocabulary");
        using var checkpoint = Checkpoint.Load(Checkpoint.Resolve(initFrom));
        var vocabulary = VocabularyOf(checkpoint, checkpoint.Words.Count, checkpoint.Counts);
        return (new ModelWeights(checkpoint.Words, checkpoint.Tensor(Checkpoint.WIn).clone(),
            checkpoint.Tensor(Checkpoint.WOut).clone()), vocabulary);
    }

    /// <summary>The config's corpus in the initial model's vocabulary grown by the corpus's new words.</summary>
    public static TrainingData Grown(TrainingConfig config, Vocabulary initial, Func<TrainingConfig, TrainingData> load)
    {
        if (config.MaxVocab < initial.Count)
            throw new ConfigException(nameof(config.MaxVocab), $"at least the initial model's {initial.Count:N0} " +
                "words when growing its vocabulary (or none)", ConfigCheck.Text(config.MaxVocab));
        var corpus = load(EveryWord(config));
        try
        {
            return corpus.Into(initial.Grown(corpus.Vocabulary, config.MinCount, config.MaxVocab, config.IdOrder),
                initial.Count);
        }
        catch
        {
            corpus.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The corpus of a grown run's checkpoint, in its vocabulary: the initial model's counts are the checkpoint's
    /// less the corpus's, and growing them by the corpus again must give the checkpoint's words and counts, or the
    /// corpus is not the one the run trained on (refused in one line).
    /// </summary>
    public static TrainingData Resumed(TrainingConfig config, Checkpoint checkpoint,
        Func<TrainingConfig, TrainingData> load)
    {
        var grownFrom = checkpoint.GrownFrom!.Value;
        var corpus = load(EveryWord(config));
        try
        {
            var counts = checkpoint.Words.Take(grownFrom).Select((w, i) =>
                checkpoint.Counts[i] - (corpus.Vocabulary.TryGetId(w, out var id) ? corpus.Vocabulary.Counts[id] : 0));
            var initial = VocabularyOf(checkpoint, grownFrom, [.. counts]);
            var grown = initial.Grown(corpus.Vocabulary, config.MinCount, config.MaxVocab, config.IdOrder);
            var difference = grown.DifferenceFrom(checkpoint.Words) ?? CountDifference(initial, grown, checkpoint);
            if (difference is not null)
                throw new InvalidDataException(
                    $"{checkpoint.LoadedFrom}: its vocabulary was grown from {grownFrom:N0} words by another corpus " +
                    $"than {corpus.Source} (grown again: {difference})");
            return corpus.Into(grown, grownFrom);
        }
        catch
        {
            corpus.Dispose();
            throw;
        }
    }

    /// <summary>The config that reads every word of the corpus, in order of first occurrence (growing chooses the
    /// new words itself).</summary>
    private static TrainingConfig EveryWord(TrainingConfig config)
    {
        var every = config.Clone();
        (every.MinCount, every.MaxVocab, every.VocabOrder) = (1, null, VocabularyOrder.FirstOccurrence);
        return every;
    }

    /// <summary>The first <paramref name="words"/> of a checkpoint's vocabulary with these counts; a word twice is
    /// refused in one line naming the file.</summary>
    private static Vocabulary VocabularyOf(Checkpoint checkpoint, int words, IReadOnlyList<long> counts)
    {
        try { return new Vocabulary([.. checkpoint.Words.Take(words)], counts); }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{checkpoint.LoadedFrom}: {e.Message}; a vocabulary to grow holds each " +
                "word once, with a count");
        }
    }

    /// <summary>Where the counts of a vocabulary of the checkpoint's words part from the checkpoint's, or an initial
    /// count came out below zero (the corpus has a word more often than the whole grown run); null where neither.
    /// </summary>
    private static string? CountDifference(Vocabulary initial, Vocabulary grown, Checkpoint checkpoint)
    {
        var below = Enumerable.Range(0, initial.Count).FirstOrDefault(i => initial.Counts[i] < 0, -1);
        if (below >= 0)
            return $"word {below} ('{initial.Words[below]}') counts {checkpoint.Counts[below]:N0} there and more " +
                "in the corpus alone";
        var i = Enumerable.Range(0, grown.Count).FirstOrDefault(i => grown.Counts[i] != checkpoint.Counts[i], -1);
        return i < 0 ? null : $"word {i} ('{grown.Words[i]}') counts {checkpoint.Counts[i]:N0} there and " +
            $"{grown.Counts[i]:N0} here";
    }
}

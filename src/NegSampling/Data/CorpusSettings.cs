using NegSampling.Phrasing;

namespace NegSampling.Data;

/// <summary>How a corpus is read into ids: the config's appendEos, maxTokens, minCount, maxVocab and
/// vocabOrder, and the phrases joined before the vocabulary is chosen (none when null).</summary>
internal sealed record CorpusSettings(bool AppendEos = true, long? MaxTokens = null, int MinCount = 1,
    int? MaxVocab = null,
    VocabularyOrder Order = VocabularyOrder.FirstOccurrence, PhraseSettings? Phrases = null);

using NegSampling.Data;
using NegSampling.Tests.Support;
using NUnit.Framework;

namespace NegSampling.Tests.Data;

[TestFixture, Category("Training")]
public sealed class DataTests
{
    private static readonly string[] BookSentence = "you say goodbye and i say hello .".Split(' ');

    [Test]
    public void Vocabulary_FirstOccurrenceOrder_AsTheBooksPreprocess()
    {
        var vocabulary = Vocabulary.Build(BookSentence);
        Assert.That(vocabulary.Words, Is.EqualTo(new[] { "you", "say", "goodbye", "and", "i", "hello", "." }));
        Assert.That(vocabulary.Encode(BookSentence), Is.EqualTo(new[] { 0, 1, 2, 3, 4, 1, 5, 6 }));
        Assert.That(vocabulary.Counts, Is.EqualTo(new long[] { 1, 2, 1, 1, 1, 1, 1 }));
    }

    [Test]
    public void Vocabulary_FrequencyOrder_MinCount_MaxVocab()
    {
        var tokens = "a b b c c c d d d d e".Split(' ');
        Assert.That(Vocabulary.Build(tokens, order: VocabularyOrder.Frequency).Words,
            Is.EqualTo(new[] { "d", "c", "b", "a", "e" }));
        var filtered = Vocabulary.Build(tokens, minCount: 2);
        Assert.That(filtered.Words, Is.EqualTo(new[] { "b", "c", "d" }));
        Assert.That(filtered.Encode(tokens), Is.EqualTo(new[] { 0, 0, 1, 1, 1, 2, 2, 2, 2 }), "rare words are skipped");
        Assert.That(Vocabulary.Build(tokens, maxVocab: 2).Words, Is.EqualTo(new[] { "c", "d" }),
            "the two most frequent, in first-occurrence order");
    }

    [Test]
    public void ContextWindows_MatchTheBooksCreateContextsTarget()
    {
        var windows = new ContextWindows(TokenIds.From(Vocabulary.Build(BookSentence).Encode(BookSentence)), 1);
        Assert.That(windows.Count, Is.EqualTo(6));
        var (contexts, target) = windows.Batch(new long[] { 0, 1, 2, 3, 4, 5 });
        Assert.That(contexts.data<long>().ToArray(), Is.EqualTo(new long[] { 0, 2, 1, 3, 2, 4, 3, 1, 4, 5, 1, 6 }));
        Assert.That(contexts.shape, Is.EqualTo(new long[] { 6, 2 }));
        Assert.That(target.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 2, 3, 4, 1, 5 }));
    }

    [Test]
    public void ContextWindows_Window2_OrderIsLeftThenRight()
    {
        var windows = new ContextWindows(TokenIds.From([10, 11, 12, 13, 14, 15]), 2);
        var (contexts, target) = windows.Batch(new long[] { 1 });
        Assert.That(contexts.data<long>().ToArray(), Is.EqualTo(new long[] { 11, 12, 14, 15 }));
        Assert.That(target.item<long>(), Is.EqualTo(13));
    }

    [Test]
    public void TextCorpus_AppendsEosPerLine_PtbCountsMatchTheDataReadme()
    {
        var data = Repository.DataDirectory;
        var test = Path.Combine(data, "ptb", "ptb.test.txt");
        if (!File.Exists(test)) Assert.Ignore($"PTB not in the data directory {data}");
        Assert.That(ReferenceReader.ReadTokens(test).LongCount(), Is.EqualTo(82_430));
        Assert.That(ReferenceReader.ReadTokens(Path.Combine(data, "ptb", "ptb.train.txt")).LongCount(),
            Is.EqualTo(929_589));
        Assert.That(ReferenceReader.ReadTokens(Path.Combine(data, "ptb", "ptb.train.txt"),
            appendEndOfSentence: false).LongCount(), Is.EqualTo(887_521));
    }

    [Test]
    public void TextCorpus_MaxTokensAndNoEos()
    {
        using var dir = new TempDir();
        var path = dir.File("c.txt", "a b\n c  d e\n");
        Assert.That(ReferenceReader.ReadTokens(path), Is.EqualTo(new[] { "a", "b", "<eos>", "c", "d", "e", "<eos>" }));
        Assert.That(ReferenceReader.ReadTokens(path, appendEndOfSentence: false, maxTokens: 3),
            Is.EqualTo(new[] { "a", "b", "c" }));
    }

    [TestCase(1)]
    [TestCase(7)]
    [TestCase(1000)]
    [TestCase(65_537)]
    public void SampleOrder_IsAPermutation(long n)
    {
        var order = new SampleOrder(n, 42);
        var seen = new bool[n];
        for (long i = 0; i < n; i++)
        {
            var s = order[i];
            Assert.That(seen[s], Is.False, $"{s} twice");
            seen[s] = true;
        }
    }

    [Test]
    public void SampleOrder_SeededAndShuffled()
    {
        long[] Take(ulong seed) => Enumerable.Range(0, 50).Select(i => new SampleOrder(1000, seed)[i]).ToArray();
        Assert.That(Take(1), Is.EqualTo(Take(1)));
        Assert.That(Take(1), Is.Not.EqualTo(Take(2)));
        Assert.That(Take(1), Is.Not.EqualTo(Enumerable.Range(0, 50).Select(i => (long)i).ToArray()));
        Assert.That(new SampleOrder(10, 1, shuffle: false)[7], Is.EqualTo(7));
    }
}

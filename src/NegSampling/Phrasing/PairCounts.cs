using System.Runtime.CompilerServices;

namespace NegSampling.Phrasing;

/// <summary>
/// A count per pair of word ids (a bigram), in an open-addressing table of two arrays: a key is the pair packed
/// into 64 bits, so a lookup hashes one number and compares one number, without a string or an object per bigram.
/// </summary>
internal sealed class PairCounts
{
    private const ulong Empty = ulong.MaxValue; // (uint.MaxValue, uint.MaxValue): no word has that id
    private ulong[] keys;
    private long[] values;
    private int mask;

    public PairCounts(int capacity = 1 << 16)
    {
        var size = 1 << 4;
        while (size < capacity * 2) size <<= 1;
        keys = NewKeys(size);
        values = new long[size];
        mask = size - 1;
    }

    /// <summary>The number of pairs held.</summary>
    public int Count { get; private set; }

    public static ulong Key(int first, int second) => (ulong)(uint)first << 32 | (uint)second;

    public static (int First, int Second) Pair(ulong key) => ((int)(key >> 32), (int)(uint)key);

    /// <summary>Adds <paramref name="amount"/> to a pair's count (a new pair starts at 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(ulong key, long amount = 1)
    {
        var index = Slot(key);
        if (keys[index] == key)
        {
            values[index] += amount;
            return;
        }
        keys[index] = key;
        values[index] = amount;
        if (++Count * 4 > mask * 3) Resize(keys.Length * 2);
    }

    /// <summary>The pair's count, or 0 when it is not held.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long Get(ulong key)
    {
        var index = Slot(key);
        return keys[index] == key ? values[index] : 0;
    }

    /// <summary>The pairs and their counts, in no set order.</summary>
    public IEnumerable<(ulong Key, long Count)> Entries()
    {
        for (var i = 0; i < keys.Length; i++)
            if (keys[i] != Empty) yield return (keys[i], values[i]);
    }

    /// <summary>Adds every count of <paramref name="other"/> to these.</summary>
    public void AddAll(PairCounts other)
    {
        for (var i = 0; i < other.keys.Length; i++)
            if (other.keys[i] != Empty) Add(other.keys[i], other.values[i]);
    }

    /// <summary>Drops the pairs seen at most <paramref name="atMost"/> times (word2phrase's ReduceVocab).</summary>
    public void Prune(long atMost)
    {
        var (oldKeys, oldValues) = (keys, values);
        (keys, values, Count) = (NewKeys(oldKeys.Length), new long[oldKeys.Length], 0);
        for (var i = 0; i < oldKeys.Length; i++)
            if (oldKeys[i] != Empty && oldValues[i] > atMost) Add(oldKeys[i], oldValues[i]);
    }

    /// <summary>Where the key is, or the empty slot where it would go.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Slot(ulong key)
    {
        var index = (int)((key * 0x9E3779B97F4A7C15UL) >> 32) & mask;
        while (keys[index] != key && keys[index] != Empty) index = (index + 1) & mask;
        return index;
    }

    private void Resize(int size)
    {
        var (oldKeys, oldValues) = (keys, values);
        (keys, values, mask, Count) = (NewKeys(size), new long[size], size - 1, 0);
        for (var i = 0; i < oldKeys.Length; i++)
            if (oldKeys[i] != Empty) Add(oldKeys[i], oldValues[i]);
    }

    private static ulong[] NewKeys(int size)
    {
        var keys = GC.AllocateUninitializedArray<ulong>(size);
        Array.Fill(keys, Empty);
        return keys;
    }
}

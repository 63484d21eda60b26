using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NegSampling.Data;

/// <summary>
/// The words of a corpus as byte strings, looked up by span without making a string per token: an open
/// addressing hash table over an arena of word bytes. Ids are given in order of first occurrence; each
/// lookup counts one more occurrence.
/// </summary>
internal sealed class WordTable
{
    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    private int[] starts = new int[1 << 10];
    private int[] lengths = new int[1 << 10];
    private uint[] hashes = new uint[1 << 10];
    private long[] counts = new long[1 << 10];
    private int[] slots = new int[1 << 11]; // id + 1; 0 is empty
    private int mask = (1 << 11) - 1;

    public int Count { get; private set; }

    public long CountOf(int id) => counts[id];

    public ReadOnlySpan<byte> Word(int id) => arena.AsSpan(starts[id], lengths[id]);

    /// <summary>The word's id (a new one for a word not seen before), its count raised by one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(ReadOnlySpan<byte> word)
    {
        var hash = Hash(word);
        var slot = (int)hash & mask;
        while (true)
        {
            var entry = slots[slot] - 1;
            if (entry < 0) break;
            if (hashes[entry] == hash && arena.AsSpan(starts[entry], lengths[entry]).SequenceEqual(word))
            {
                counts[entry]++;
                return entry;
            }
            slot = (slot + 1) & mask;
        }
        var id = Insert(word, hash);
        slots[slot] = id + 1;
        if (Count * 2 > mask) Grow();
        return id;
    }

    private int Insert(ReadOnlySpan<byte> word, uint hash)
    {
        if (Count == starts.Length)
        {
            Array.Resize(ref starts, Count * 2);
            Array.Resize(ref lengths, Count * 2);
            Array.Resize(ref hashes, Count * 2);
            Array.Resize(ref counts, Count * 2);
        }
        if (arenaUsed + word.Length > arena.Length)
            Array.Resize(ref arena,
                (int)Math.Min(Array.MaxLength, Math.Max(arena.Length * 2L, arenaUsed + (long)word.Length)));
        word.CopyTo(arena.AsSpan(arenaUsed));
        var id = Count++;
        (starts[id], lengths[id], hashes[id], counts[id]) = (arenaUsed, word.Length, hash, 1);
        arenaUsed += word.Length;
        return id;
    }

    private void Grow()
    {
        slots = new int[slots.Length * 2];
        mask = slots.Length - 1;
        for (var id = 0; id < Count; id++)
        {
            var slot = (int)hashes[id] & mask;
            while (slots[slot] != 0) slot = (slot + 1) & mask;
            slots[slot] = id + 1;
        }
    }

    /// <summary>A multiplicative hash over 8 bytes at a time: words are short, so this is most of a lookup.</summary>
    private static uint Hash(ReadOnlySpan<byte> word)
    {
        const ulong multiplier = 0x9E3779B97F4A7C15UL;
        var h = (ulong)word.Length * multiplier;
        var i = 0;
        for (; i + 8 <= word.Length; i += 8)
            h = BitOperations.RotateLeft((h ^ MemoryMarshal.Read<ulong>(word[i..])) * multiplier, 29);
        ulong tail = 0;
        for (var shift = 0; i < word.Length; i++, shift += 8) tail |= (ulong)word[i] << shift;
        h = (h ^ tail) * multiplier;
        return (uint)(h ^ (h >> 32));
    }
}

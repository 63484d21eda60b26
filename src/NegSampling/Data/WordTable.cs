using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NegSampling.Data;

/// <summary>
/// The words of a corpus as byte strings, looked up by span without making a string per token: an open
/// addressing hash table over an arena of word bytes. Ids are given in order of first occurrence. It does not
/// count: a count per lookup would be one more cache miss for every rare word, and the ids give the counts after.
/// </summary>
internal sealed class WordTable
{
    private byte[] arena = new byte[1 << 16];
    private int arenaUsed;
    private int[] starts = new int[1 << 10];
    private int[] lengths = new int[1 << 10];
    private uint[] hashes = new uint[1 << 10];
    private Slot[] slots = new Slot[1 << 11];
    private int mask = (1 << 11) - 1;

    /// <summary>
    /// A slot of the table: the word's first 8 bytes (zero-padded), its length and id + 1 (0: empty). A word of
    /// up to 8 bytes, most words, is told apart in its slot alone, without reading the arena: a lookup of a word
    /// met before reads one cache line.
    /// </summary>
    private struct Slot
    {
        public ulong Head;
        public int Length;
        public int IdPlusOne;
    }

    public int Count { get; private set; }

    public ReadOnlySpan<byte> Word(int id) => arena.AsSpan(starts[id], lengths[id]);

    /// <summary>The word's id: a new one for a word not seen before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Add(ReadOnlySpan<byte> word)
    {
        var head = Head(word);
        var hash = Hash(head, word);
        var index = (int)hash & mask;
        while (true)
        {
            ref var slot = ref slots[index];
            if (slot.IdPlusOne == 0) break;
            if (slot.Head == head && slot.Length == word.Length
                && (word.Length <= sizeof(ulong) || Word(slot.IdPlusOne - 1).SequenceEqual(word)))
                return slot.IdPlusOne - 1;
            index = (index + 1) & mask;
        }
        var id = Insert(word, hash);
        slots[index] = new Slot { Head = head, Length = word.Length, IdPlusOne = id + 1 };
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
        }
        if (arenaUsed + word.Length > arena.Length)
            Array.Resize(ref arena,
                (int)Math.Min(Array.MaxLength, Math.Max(arena.Length * 2L, arenaUsed + (long)word.Length)));
        word.CopyTo(arena.AsSpan(arenaUsed));
        var id = Count++;
        (starts[id], lengths[id], hashes[id]) = (arenaUsed, word.Length, hash);
        arenaUsed += word.Length;
        return id;
    }

    private void Grow()
    {
        slots = new Slot[slots.Length * 2];
        mask = slots.Length - 1;
        for (var id = 0; id < Count; id++)
        {
            var index = (int)hashes[id] & mask;
            while (slots[index].IdPlusOne != 0) index = (index + 1) & mask;
            slots[index] = new Slot { Head = Head(Word(id)), Length = lengths[id], IdPlusOne = id + 1 };
        }
    }

    /// <summary>The first 8 bytes of a word as a little-endian number, zero-padded.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Head(ReadOnlySpan<byte> word)
    {
        if (word.Length >= sizeof(ulong)) return MemoryMarshal.Read<ulong>(word);
        var (head, i) = (0UL, 0);
        if (word.Length >= 4) (head, i) = (MemoryMarshal.Read<uint>(word), 4);
        if (word.Length - i >= 2)
            (head, i) = (head | (ulong)MemoryMarshal.Read<ushort>(word[i..]) << (8 * i), i + 2);
        if (word.Length > i) head |= (ulong)word[i] << (8 * i);
        return head;
    }

    /// <summary>A multiplicative hash of the head and any further 8 bytes at a time: words are short, so this is
    /// most of a lookup.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(ulong head, ReadOnlySpan<byte> word)
    {
        const ulong multiplier = 0x9E3779B97F4A7C15UL;
        var h = BitOperations.RotateLeft(((ulong)word.Length * multiplier ^ head) * multiplier, 29);
        if (word.Length > sizeof(ulong)) h = MoreBytes(h, word[sizeof(ulong)..]);
        h *= multiplier;
        return (uint)(h ^ (h >> 32));

        static ulong MoreBytes(ulong h, ReadOnlySpan<byte> rest)
        {
            for (; rest.Length > 0; rest = rest[Math.Min(sizeof(ulong), rest.Length)..])
                h = BitOperations.RotateLeft((h ^ Head(rest)) * multiplier, 29);
            return h;
        }
    }
}

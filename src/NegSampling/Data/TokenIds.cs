using System.IO.MemoryMappedFiles;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace NegSampling.Data;

/// <summary>
/// A corpus as word ids, one uint32 per token, any number of tokens: in blocks of 2^24 on the heap (pinned,
/// as a fresh read leaves them) or in a memory-mapped id cache file, where the page cache holds them.
/// Ids are read by position, and copied out a range at a time.
/// </summary>
internal sealed unsafe class TokenIds : IDisposable
{
    /// <summary>Log2 of the tokens in a heap block.</summary>
    internal const int BlockBits = 24;

    private const long BlockMask = (1L << BlockBits) - 1;

    private readonly uint*[] blocks;
    private readonly uint[][]? heap; // keeps the pinned heap blocks alive
    private readonly MemoryMappedFile? file;
    private readonly MemoryMappedViewAccessor? view;

    /// <summary>Ids held in pinned heap blocks, each 2^24 long but the last, which holds the rest.</summary>
    internal TokenIds(uint[][] heapBlocks, long length)
    {
        heap = heapBlocks;
        Length = length;
        blocks = new uint*[heapBlocks.Length];
        for (var b = 0; b < heapBlocks.Length; b++)
            blocks[b] = (uint*)Marshal.UnsafeAddrOfPinnedArrayElement(heapBlocks[b], 0);
    }

    private TokenIds(MemoryMappedFile file, MemoryMappedViewAccessor view, long length)
    {
        this.file = file;
        this.view = view;
        Length = length;
        byte* start = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
        var first = (uint*)(start + view.PointerOffset);
        blocks = new uint*[(length >> BlockBits) + 1];
        for (var b = 0; b < blocks.Length; b++) blocks[b] = first + ((long)b << BlockBits);
    }

    /// <summary>The number of tokens.</summary>
    public long Length { get; }

    /// <summary>True when the ids are read from a memory-mapped file rather than the heap.</summary>
    public bool IsMapped => file is not null;

    /// <summary>The id at a position.</summary>
    public uint this[long position]
    {
        get
        {
            if ((ulong)position >= (ulong)Length)
                throw new ArgumentOutOfRangeException(nameof(position), $"position {position} outside 0..{Length - 1}");
            return blocks[position >> BlockBits][position & BlockMask];
        }
    }

    /// <summary>Copies the ids from <paramref name="start"/> into <paramref name="destination"/> (its whole
    /// length).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void CopyTo(long start, Span<int> destination)
    {
        if (start < 0 || start + destination.Length > Length)
            throw new ArgumentOutOfRangeException(nameof(start),
                $"range {start}..{start + destination.Length} outside 0..{Length}");
        var done = 0;
        while (done < destination.Length)
        {
            var position = start + done;
            var offset = position & BlockMask;
            var count = (int)Math.Min(destination.Length - done, (1L << BlockBits) - offset);
            new ReadOnlySpan<int>(blocks[position >> BlockBits] + offset, count).CopyTo(destination.Slice(done, count));
            done += count;
        }
    }

    /// <summary>The largest id (0 for no tokens), to check ids read from a file against the vocabulary.</summary>
    public uint Max()
    {
        uint max = 0;
        for (var block = 0; block < BlockCount; block++)
        {
            var ids = Block(block);
            var lanes = Vector<uint>.Zero;
            var i = 0;
            for (; i + Vector<uint>.Count <= ids.Length; i += Vector<uint>.Count)
                lanes = Vector.Max(lanes, new Vector<uint>(ids[i..]));
            for (var lane = 0; lane < Vector<uint>.Count; lane++) max = Math.Max(max, lanes[lane]);
            for (; i < ids.Length; i++) max = Math.Max(max, ids[i]);
        }
        return max;
    }

    /// <summary>Ids held on the heap, copied from an array (small corpora, tests).</summary>
    public static TokenIds From(ReadOnlySpan<int> ids)
    {
        var builder = new TokenIdBuilder();
        foreach (var id in ids)
            builder.Add(id >= 0 ? (uint)id : throw new ArgumentException($"id {id} is negative"));
        return builder.Build();
    }

    /// <summary>Maps an id file (uint32 little-endian, as <see cref="WriteTo"/> writes) read-only.</summary>
    public static TokenIds Map(string path)
    {
        var length = new FileInfo(path).Length;
        if (length % sizeof(uint) != 0) throw new InvalidDataException($"{path}: {length} bytes is not a whole " +
            $"number of uint32 ids");
        if (length == 0) return new TokenIdBuilder().Build();
        var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
        var view = file.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        return new TokenIds(file, view, length / sizeof(uint));
    }

    /// <summary>Writes the ids as uint32 little-endian (x86 and ARM are little-endian; others are refused).</summary>
    public void WriteTo(Stream stream)
    {
        if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("id files are written on " +
            "little-endian machines only");
        for (var block = 0; block < BlockCount; block++) stream.Write(MemoryMarshal.AsBytes(Block(block)));
    }

    private int BlockCount => (int)((Length + BlockMask) >> BlockBits);

    /// <summary>The ids of a block: 2^24 of them, fewer in the last.</summary>
    private ReadOnlySpan<uint> Block(int block) =>
        new(blocks[block], (int)Math.Min(Length - ((long)block << BlockBits), 1L << BlockBits));

    /// <summary>Releases the mapping (heap blocks go with the garbage collector).</summary>
    public void Dispose()
    {
        if (view is null) return;
        view.SafeMemoryMappedViewHandle.ReleasePointer();
        view.Dispose();
        file!.Dispose();
    }
}

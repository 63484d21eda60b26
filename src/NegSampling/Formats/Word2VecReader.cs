using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;
using static TorchSharp.torch;

namespace NegSampling.Formats;

/// <summary>
/// Reads word2vec text and binary files (and headerless GloVe text) as gensim's load_word2vec_format does, straight
/// into the tensor's memory: the header's sizes are checked against the file's length before the V x H matrix is
/// allocated, rows are parsed from a 1 MB buffer into their place (text in two parts at once where it is long), and a
/// word seen before is dropped afterwards (the rows after it moved up), keeping the first, as gensim keeps it.
/// </summary>
internal sealed unsafe class Word2VecReader : IDisposable
{
    private const int BufferSize = 1 << 20;
    private const int LongestLine = 1 << 16; // a header or a GloVe probe line; rows may be longer (text, H large)

    private readonly string path;
    private readonly FileStream stream;
    private byte[] buffer = new byte[BufferSize];
    private int start, end;
    private long consumed; // bytes of the file before buffer[start]

    private Word2VecReader(string path)
    {
        this.path = path;
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
    }

    public void Dispose() => stream.Dispose();

    /// <summary>Text files from this many bytes of rows are parsed in two parts at once (the parse, not the disk,
    /// bounds a text file's reading).</summary>
    internal const long ParallelTextBytes = 4 << 20;

    /// <summary>The words (duplicates dropped), the float32 matrix and, when a word came twice, the one line that
    /// says so. Text of at least <paramref name="parallelFrom"/> bytes of rows is parsed in two parts at once on a
    /// machine of two cores or more.</summary>
    public static VectorFile.Loaded Load(string path, bool binary, long limit = long.MaxValue,
        long parallelFrom = ParallelTextBytes)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"vectors not found: {path}", path);
        using var reader = new Word2VecReader(path);
        return reader.Read(binary, limit, Environment.ProcessorCount > 1 ? parallelFrom : long.MaxValue);
    }

    private VectorFile.Loaded Read(bool binary, long limit, long parallelFrom)
    {
        var length = stream.Length;
        var first = PeekLine();
        var header = Header(first);
        long rows;
        int h;
        if (header is { } sizes)
        {
            (rows, h) = (Math.Min(sizes.V, limit), sizes.H);
            Skip(first.Length);
            CheckFits(sizes.V, rows, h, binary, length - consumed);
        }
        else if (binary)
            throw new InvalidDataException($"{path}: line 1: expected a header 'V H' (two positive integers), " +
                $"found '{Quote(first)}'");
        else
        {
            h = GloveDimension(first);
            rows = CountLines(limit);
        }
        var headerLines = header is null ? 1 : 2; // the line number of row 0
        var words = new string[rows];
        var matrix = empty(rows, h, ScalarType.Float32);
        try
        {
            var row0 = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetReference(RowBytes(matrix)));
            var second = binary || length - consumed < parallelFrom ? null : SecondPart(rows);
            if (second is var (offset, firstRow))
            {
                var other = Task.Run(() =>
                {
                    using var part = new Word2VecReader(path);
                    part.stream.Position = part.consumed = offset;
                    part.ReadTextRows(words, row0, h, firstRow, rows, headerLines);
                });
                ExceptionDispatchInfo? failed = null;
                try { ReadTextRows(words, row0, h, 0, firstRow, headerLines); }
                catch (Exception e) { failed = ExceptionDispatchInfo.Capture(e); }
                // The second part writes into the matrix until it ends; an error of the first part comes first in
                // the file, so it is the one reported, as a read from start to end would.
                try { other.Wait(); }
                catch (AggregateException e) { failed ??= ExceptionDispatchInfo.Capture(e.InnerException!); }
                failed?.Throw();
            }
            else if (binary)
                for (long i = 0; i < rows; i++) words[i] = ReadBinaryRow(i, new Span<float>(row0 + i * h, h));
            else ReadTextRows(words, row0, h, 0, rows, headerLines);
            return KeepFirst(words, matrix, row0, h, binary, headerLines);
        }
        catch
        {
            matrix.Dispose();
            throw;
        }
    }

    /// <summary>Rows [<paramref name="from"/>, <paramref name="to"/>) of a text file, each into its own row of the
    /// matrix, from where this reader stands.</summary>
    private void ReadTextRows(string[] words, float* row0, int h, long from, long to, int headerLines)
    {
        for (var i = from; i < to; i++) words[i] = ReadTextRow(i + headerLines, new Span<float>(row0 + i * h, h));
    }

    /// <summary>
    /// Where a second part of the rows starts, when the rows wanted reach past the middle of the file: the byte after
    /// the first line feed from the middle of the rows, and the row it starts (the line feeds before it, counted).
    /// Null when one part holds them all.
    /// </summary>
    private (long Offset, long FirstRow)? SecondPart(long rows)
    {
        using var scan = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1,
            FileOptions.SequentialScan);
        var block = new byte[BufferSize];
        var middle = consumed + (scan.Length - consumed) / 2;
        scan.Position = middle;
        long offset = -1;
        for (int n; offset < 0 && (n = scan.Read(block)) > 0; middle += n)
            if (block.AsSpan(0, n).IndexOf((byte)'\n') is var stop and >= 0) offset = middle + stop + 1;
        if (offset < 0 || offset >= scan.Length) return null;
        scan.Position = consumed;
        long before = 0;
        for (var left = offset - consumed; left > 0 && before < rows;)
        {
            var n = scan.Read(block, 0, (int)Math.Min(block.Length, left));
            before += block.AsSpan(0, n).Count((byte)'\n');
            left -= n;
        }
        return before < rows ? (offset, before) : null;
    }

    /// <summary>
    /// The words with the first vector of each word that came twice, as gensim keeps it: the later rows dropped and
    /// the rows after them moved up in place. The warning, if any, names the first duplicate by its line (text) or
    /// vector (binary).
    /// </summary>
    private VectorFile.Loaded KeepFirst(string[] words, Tensor matrix, float* row0, int h, bool binary,
        int headerLines)
    {
        var seen = new HashSet<string>((int)Math.Min(words.Length, 1 << 20), StringComparer.Ordinal);
        var (kept, duplicates, firstDuplicate) = (0L, 0L, "");
        for (long i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (!seen.Add(word))
            {
                if (duplicates++ == 0)
                    firstDuplicate = binary ? $"'{word}', vector {i + 1}" : $"'{word}', line {i + headerLines}";
                continue;
            }
            if (kept != i)
            {
                new Span<float>(row0 + i * h, h).CopyTo(new Span<float>(row0 + kept * h, h));
                words[kept] = word;
            }
            kept++;
        }
        if (duplicates == 0) return new VectorFile.Loaded(words, matrix, null);
        var rows = matrix.narrow(0, 0, kept);
        matrix.Dispose();
        return new VectorFile.Loaded(words[..(int)kept], rows, $"{path}: {duplicates:N0} duplicate word" +
            (duplicates == 1 ? "" : "s") + $" (the first: {firstDuplicate}); kept the first vector of each, " +
            "as gensim's load_word2vec_format does");
    }

    /// <summary>The first row's bytes of a matrix (a view of its memory, which continues past it; the header and
    /// the line count give at least one row).</summary>
    private static Span<byte> RowBytes(Tensor matrix)
    {
        using var row = matrix.narrow(0, 0, 1);
        return row.bytes;
    }

    /// <summary>"V H", or null when the first line is not two integers (GloVe text has no header).</summary>
    private (long V, int H)? Header(ReadOnlySpan<byte> line)
    {
        var parts = Encoding.UTF8.GetString(line).Split(' ', StringSplitOptions.RemoveEmptyEntries |
            StringSplitOptions.TrimEntries);
        const NumberStyles integer = NumberStyles.AllowLeadingSign;
        if (parts.Length != 2 || !long.TryParse(parts[0], integer, CultureInfo.InvariantCulture, out var v)
            || !long.TryParse(parts[1], integer, CultureInfo.InvariantCulture, out var h))
            return null;
        if (v < 1 || h < 1 || h > int.MaxValue)
            throw new InvalidDataException($"{path}: line 1: expected a header 'V H' (two positive integers, H at " +
                $"most {int.MaxValue:N0}), found '{Quote(line)}'");
        return (v, (int)h);
    }

    /// <summary>
    /// Refuses a header that promises more rows than the rest of the file can hold, before anything is allocated: a
    /// binary row takes at least a one-byte word, a space and 4 H bytes; a text row a word and H values of a
    /// digit and a space each.
    /// </summary>
    private void CheckFits(long v, long rows, int h, bool binary, long available)
    {
        var smallestRow = binary ? 4L * h + 2 : 2L * h + 2;
        if ((Int128)rows * smallestRow <= available + 1) return;
        throw new InvalidDataException($"{path}: line 1: the header promises {v:N0} vectors of {h:N0} values " +
            $"(at least {(Int128)rows * smallestRow:N0} bytes in {(binary ? "binary" : "text")}), but the file holds " +
            $"{available:N0} bytes after the header; the file is cut short or its header is wrong");
    }

    /// <summary>A headerless (GloVe) first row's dimension: a word and at least one number.</summary>
    private int GloveDimension(ReadOnlySpan<byte> line)
    {
        var fields = Encoding.UTF8.GetString(line).TrimEnd().Split(' ');
        var numbers = fields.Skip(1).All(f => float.TryParse(f, NumberStyles.Float, CultureInfo.InvariantCulture,
            out _));
        if (fields.Length < 2 || !numbers)
            throw new InvalidDataException($"{path}: line 1: expected a header 'V H' (two positive integers) or a " +
                $"first row 'word v1 ... vH' (GloVe text without a header), found '{Quote(line)}'");
        return fields.Length - 1;
    }

    /// <summary>The lines of a headerless file (at most <paramref name="limit"/>), counted in one pass, then the
    /// reader put back at the start.</summary>
    private long CountLines(long limit)
    {
        long lines = 0;
        var last = (byte)'\n';
        var block = new byte[BufferSize];
        stream.Position = 0;
        int n;
        while (lines < limit && (n = stream.Read(block)) > 0)
        {
            lines += block.AsSpan(0, n).Count((byte)'\n');
            last = block[n - 1];
        }
        if (last != '\n' && lines < limit) lines++;
        stream.Position = 0;
        (start, end, consumed) = (0, 0, 0);
        return Math.Min(lines, limit);
    }

    /// <summary>word2vec.c's row: "word " then H little-endian float32s (a newline before the next word, which
    /// gensim strips from the word).</summary>
    private string ReadBinaryRow(long i, Span<float> row)
    {
        var word = Decode(ReadUntil((byte)' ', i + 1, "vector", LongestLine)).TrimStart('\n', '\r');
        var bytes = MemoryMarshal.AsBytes(row);
        var copied = Math.Min(end - start, bytes.Length);
        buffer.AsSpan(start, copied).CopyTo(bytes);
        Skip(copied);
        if (copied < bytes.Length)
        {
            var read = stream.ReadAtLeast(bytes[copied..], bytes.Length - copied, throwOnEndOfStream: false);
            consumed += read;
            if (copied + read < bytes.Length)
                throw new InvalidDataException(
                    $"{path}: vector {i + 1} ('{word}') is cut short: expected {row.Length} float32 values");
        }
        return word;
    }

    /// <summary>A text row: the word and H numbers, separated by single spaces (trailing white space
    /// ignored).</summary>
    private string ReadTextRow(long line, Span<float> row)
    {
        var bytes = ReadUntil((byte)'\n', line, "line", (long)row.Length * 64 + LongestLine).TrimEnd("\r \t"u8);
        var space = bytes.IndexOf((byte)' ');
        var rest = space < 0 ? [] : bytes[(space + 1)..];
        var values = space < 0 ? 0 : rest.Count((byte)' ') + 1;
        if (values != row.Length)
            throw new InvalidDataException(
                $"{path}: line {line}: expected a word and {row.Length} values, found {values} values");
        for (var j = 0; j < row.Length; j++)
        {
            var next = rest.IndexOf((byte)' ');
            var field = next < 0 ? rest : rest[..next];
            if (!float.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out row[j]))
                throw new InvalidDataException(
                    $"{path}: line {line}: value {j + 1} '{Quote(field)}' is not a number");
            rest = next < 0 ? [] : rest[(next + 1)..];
        }
        return Decode(bytes[..space]);
    }

    /// <summary>The first line's bytes (at most <see cref="LongestLine"/>), without consuming them.</summary>
    private ReadOnlySpan<byte> PeekLine()
    {
        Fill(LongestLine);
        var data = buffer.AsSpan(start, end - start);
        var stop = data.IndexOf((byte)'\n');
        return stop < 0 ? data[..Math.Min(data.Length, LongestLine)] : data[..(stop + 1)];
    }

    /// <summary>
    /// The bytes up to the stop byte, which is consumed; grows the buffer for a long text row, up to
    /// <paramref name="longest"/> bytes. The file's end ends the last text line; it cuts a binary word short.
    /// </summary>
    private ReadOnlySpan<byte> ReadUntil(byte stop, long number, string what, long longest)
    {
        var endIsStop = stop == '\n';
        var searched = 0;
        while (true)
        {
            if (searched > longest)
                throw new InvalidDataException($"{path}: {what} {number}: no {(endIsStop ? "line end" : "space")} " +
                    $"within {longest:N0} bytes (expected {(endIsStop ? "a row of values" : "a word")})");
            var found = buffer.AsSpan(start + searched, end - start - searched).IndexOf(stop);
            if (found >= 0)
            {
                var bytes = buffer.AsSpan(start, searched + found);
                Skip(searched + found + 1);
                return bytes;
            }
            searched = end - start;
            if (!Fill(searched + 1))
            {
                if (endIsStop && searched > 0)
                {
                    var bytes = buffer.AsSpan(start, searched);
                    Skip(searched);
                    return bytes;
                }
                throw new InvalidDataException($"{path}: {what} {number}: the file ends early (expected more words)");
            }
        }
    }

    /// <summary>Makes at least <paramref name="count"/> bytes available from <see cref="start"/> (moving them to the
    /// buffer's start, and growing it, as needed); false at the file's end.</summary>
    private bool Fill(int count)
    {
        if (end - start >= count) return true;
        if (start > 0)
        {
            buffer.AsSpan(start, end - start).CopyTo(buffer);
            (end, start) = (end - start, 0);
        }
        if (count > buffer.Length) Array.Resize(ref buffer, Math.Max(count, buffer.Length * 2));
        while (end < count)
        {
            var read = stream.Read(buffer, end, buffer.Length - end);
            if (read == 0) return false;
            end += read;
        }
        return true;
    }

    private void Skip(int count)
    {
        start += count;
        consumed += count;
    }

    private static string Decode(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    /// <summary>At most 60 characters of a line, for a message.</summary>
    private static string Quote(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 240)]).TrimEnd('\n', '\r');
        return text.Length <= 60 ? text : text[..60] + "...";
    }
}

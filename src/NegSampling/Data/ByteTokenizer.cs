using System.Runtime.CompilerServices;
namespace NegSampling.Data;

/// <summary>
/// Splits text into words as the book's reader did (str.split on white space, lines read as .NET's
/// StreamReader reads them: \n, \r or \r\n; a UTF-8 BOM skipped), but on bytes: each word is looked up in a
/// <see cref="WordTable"/> by span and its id appended to a <see cref="TokenIdBuilder"/>, so no string is made
/// per token. White space is what char.IsWhiteSpace says: ASCII 9-13 and 32, and the UTF-8 forms of U+0085,
/// U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000. With appendEos an end-of-sentence
/// word follows every line: <paramref name="lineEnd"/>'s bytes when given (the phrase learner gives "\n", which no
/// word can be, so that its line ends are never taken for a word).
/// </summary>
internal sealed class ByteTokenizer(WordTable words, TokenIdBuilder ids, bool appendEos, long maxTokens,
    byte[]? lineEnd = null)
{
    /// <summary>The word appended at every line end (the book's PTB loader's replace('\n', '&lt;eos&gt;')).</summary>
    public const string EndOfSentence = "<eos>";

    private const int BlockBytes = 1 << 22;
    private const byte Word = 0, Space = 1, LineFeed = 2, CarriageReturn = 3, Lead = 4;
    private static readonly byte[] Eos = "<eos>"u8.ToArray();
    private static readonly byte[] Classes = MakeClasses();
    private readonly byte[] endOfLine = lineEnd ?? Eos;

    private byte[] buffer = new byte[BlockBytes];
    private bool afterCarriageReturn;
    private bool lineOpen;

    /// <summary>Tokens given so far.</summary>
    public long Produced { get; private set; }

    /// <summary>True once maxTokens tokens are given: the rest is not read.</summary>
    public bool Full => Produced >= maxTokens;

    /// <summary>
    /// Reads one text to its end (or until <see cref="Full"/>); <paramref name="input"/> names it in errors. A part
    /// of a text that starts a line is read as well: <paramref name="offset"/> is where the stream stands in the text
    /// (a BOM is looked for at 0 only), and at most <paramref name="length"/> bytes are read.
    /// </summary>
    public void Read(Stream text, string input, long offset = 0, long length = long.MaxValue)
    {
        (afterCarriageReturn, lineOpen) = (false, false);
        var (filled, start) = (0, 0); // offset is that of buffer[0] in the text
        var atStart = offset == 0;
        var left = length;
        while (!Full)
        {
            if (start > 0)
            {
                buffer.AsSpan(start, filled - start).CopyTo(buffer);
                (offset, filled, start) = (offset + start, filled - start, 0);
            }
            if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2); // one word longer than a block
            var space = (int)Math.Min(buffer.Length - filled, left);
            var read = text.ReadAtLeast(buffer.AsSpan(filled, space), Math.Min(3, space), throwOnEndOfStream: false);
            left -= read;
            TextCheck.Inspect(buffer.AsSpan(filled, read), offset + filled, input);
            filled += read;
            var end = read == 0;
            if (atStart && filled >= 3 && buffer.AsSpan(0, 3).SequenceEqual("\uFEFF"u8)) start = 3;
            atStart = false;
            start = Scan(start, filled, end);
            if (end) break;
        }
        if (lineOpen && appendEos && !Full) Emit(endOfLine);
    }

    /// <summary>Takes the words of buffer[start..end]; returns where an unfinished word (or white space)
    /// begins.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int Scan(int start, int end, bool last)
    {
        var i = start;
        while (i < end && !Full)
        {
            var c = Classes[buffer[i]];
            if (c == Lead)
            {
                var space = SpaceLength(i, end, last);
                if (space < 0) return i;
                c = space > 0 ? Space : Word;
                if (space > 1) i += space - 1;
            }
            if (c == Word)
            {
                var wordStart = i;
                i = WordEnd(i, end, last);
                if (i < 0) return wordStart;
                Emit(buffer.AsSpan(wordStart, i - wordStart));
                (afterCarriageReturn, lineOpen) = (false, true);
                continue;
            }
            if (c == Space) (afterCarriageReturn, lineOpen) = (false, true);
            else if (c == CarriageReturn || !afterCarriageReturn) EndLine(c == CarriageReturn);
            else afterCarriageReturn = false; // the \n of \r\n
            i++;
        }
        return i;
    }

    /// <summary>Where the word starting at i ends, or -1 when it may go on past <paramref name="end"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private int WordEnd(int i, int end, bool last)
    {
        for (i++; i < end; i++)
        {
            var c = Classes[buffer[i]];
            if (c == Word) continue;
            if (c != Lead) return i;
            var space = SpaceLength(i, end, last);
            if (space < 0) return -1;
            if (space > 0) return i;
        }
        return last ? end : -1;
    }

    /// <summary>
    /// The length of the UTF-8 white space starting at a lead byte (C2, E1, E2 or E3), 0 when the bytes there
    /// are not white space, -1 when more bytes are needed to tell.
    /// </summary>
    private int SpaceLength(int i, int end, bool last)
    {
        var lead = buffer[i];
        var needed = lead == 0xC2 ? 2 : 3;
        if (i + needed > end) return last ? 0 : -1;
        var (b1, b2) = (buffer[i + 1], needed == 3 ? buffer[i + 2] : (byte)0);
        var space = lead switch
        {
            0xC2 => b1 is 0x85 or 0xA0,
            0xE1 => b1 == 0x9A && b2 == 0x80,
            0xE2 => (b1 == 0x80 && (b2 is >= 0x80 and <= 0x8A or 0xA8 or 0xA9 or 0xAF)) || (b1 == 0x81 && b2 == 0x9F),
            _ => b1 == 0x80 && b2 == 0x80,
        };
        return space ? needed : 0;
    }

    private void EndLine(bool carriageReturn)
    {
        afterCarriageReturn = carriageReturn;
        lineOpen = false;
        if (appendEos) Emit(endOfLine);
    }

    private void Emit(ReadOnlySpan<byte> word)
    {
        ids.Add((uint)words.Add(word));
        Produced++;
    }

    private static byte[] MakeClasses()
    {
        var classes = new byte[256];
        foreach (var b in "\t\v\f "u8) classes[b] = Space;
        classes['\n'] = LineFeed;
        classes['\r'] = CarriageReturn;
        foreach (var b in new byte[] { 0xC2, 0xE1, 0xE2, 0xE3 }) classes[b] = Lead;
        return classes;
    }
}

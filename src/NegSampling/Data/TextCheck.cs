using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace NegSampling.Data;

/// <summary>
/// Refuses input that is not text, a block at a time as it is read: any NUL byte, or a block of which more than
/// 30% are control bytes or bytes of invalid UTF-8 (latin-1 text has a few percent; random bytes most).
/// Valid UTF-8 without control bytes, nearly every block of real text, costs two vectorised scans.
/// </summary>
internal static class TextCheck
{
    private const double MostlyBinary = 0.3;
    private const int MinimumEvidence = 16;

    private static readonly SearchValues<byte> Controls = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 127]);

    /// <summary>Throws <see cref="NotTextException"/> when <paramref name="block"/>, at <paramref name="offset"/> of
    /// the input, is not text.</summary>
    public static void Inspect(ReadOnlySpan<byte> block, long offset, string input)
    {
        var nul = block.IndexOf((byte)0);
        if (nul >= 0) throw new NotTextException(input, offset + nul, "a NUL byte");
        if (block.IndexOfAny(Controls) < 0 && Utf8.IsValid(block)) return;
        var (bad, first) = CountNotText(block);
        if (block.Length >= MinimumEvidence && bad > MostlyBinary * block.Length)
            throw new NotTextException(input, offset + first,
                $"the first of {bad:N0} control bytes or bytes of invalid UTF-8 among {block.Length:N0} " +
                $"({100.0 * bad / block.Length:0}%)");
    }

    /// <summary>Control bytes and bytes of invalid UTF-8 (a sequence cut by the block's end is not counted), and where
    /// the first is.</summary>
    private static (int Bad, int First) CountNotText(ReadOnlySpan<byte> block)
    {
        var (bad, first) = (0, -1);
        for (var i = 0; i < block.Length;)
        {
            var status = Rune.DecodeFromUtf8(block[i..], out var rune, out var consumed);
            var invalid = status == OperationStatus.InvalidData || (status == OperationStatus.Done && rune.Value < 0x80
                && Controls.Contains((byte)rune.Value));
            if (invalid)
            {
                bad += consumed;
                if (first < 0) first = i;
            }
            i += consumed;
        }
        return (bad, Math.Max(first, 0));
    }
}

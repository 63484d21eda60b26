namespace NegSampling.Data;

/// <summary>A corpus input that is not text: it holds a NUL byte, or mostly bytes that are neither text nor
/// UTF-8.</summary>
internal sealed class NotTextException(string input, long offset, string why)
    : IOException($"{input}: not a text file: at byte {offset:N0}, {why}")
{
    /// <summary>The file (and for an archive, its entry).</summary>
    public string Input { get; } = input;

    /// <summary>Where in the (decompressed) text the evidence is.</summary>
    public long Offset { get; } = offset;
}

namespace NegSampling.Sampling;

/// <summary>The book's two branches of UnigramSampler.get_negative_sample.</summary>
public enum SamplerMode
{
    /// <summary>CPU branch: the target is never its own negative and a row has no repeats (sampling without replacement).</summary>
    ExcludeTarget,
    /// <summary>GPU branch: all B x K draws in one call with replacement; a negative may equal the target.</summary>
    Fast,
}

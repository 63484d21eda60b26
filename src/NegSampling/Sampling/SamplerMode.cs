using NegSampling.Training;

namespace NegSampling.Sampling;

/// <summary>How negatives are drawn from unigram^power: the book's two branches of get_negative_sample, and an O(1)
/// sampler.</summary>
public enum SamplerMode
{
    /// <summary>The book's CPU branch: the target is never its own negative and a row has no repeats (without
    /// replacement).</summary>
    ExcludeTarget,

    /// <summary>The book's GPU branch: all B x K draws in one torch.multinomial call, with replacement ("fast" in
    /// configs and checkpoints written before its rename, still read).</summary>
    [FormerName("fast")]
    Multinomial,

    /// <summary>The fast mode's choice: Vose's alias method in C#, O(1) a draw, with replacement (the law of
    /// Multinomial).</summary>
    Alias,
}

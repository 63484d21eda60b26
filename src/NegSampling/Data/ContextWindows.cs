using static TorchSharp.torch;

namespace NegSampling.Data;

/// <summary>
/// The book's create_contexts_target, made per batch instead of materialised: sample s has its target at
/// corpus position s + window and its 2 * window contexts around it, so targets run from window to
/// N - window - 1. Only the id array is held; a batch of B samples costs B x 2W ids.
/// </summary>
internal sealed class ContextWindows
{
    /// <summary>The windows of <paramref name="corpus"/>, which must be longer than 2 * window.</summary>
    public ContextWindows(TokenIds corpus, int window)
    {
        if (window < 1) throw new ArgumentException($"window must be at least 1; found {window}", nameof(window));
        if (corpus.Length <= 2L * window)
            throw new ArgumentException(
                $"the corpus has {corpus.Length} tokens; a window of {window} needs more than {2 * window}",
                nameof(corpus));
        Corpus = corpus;
        Window = window;
    }

    /// <summary>The corpus ids.</summary>
    public TokenIds Corpus { get; }

    /// <summary>Contexts on each side of a target.</summary>
    public int Window { get; }

    /// <summary>Number of (contexts, target) samples: N - 2 * window.</summary>
    public long Count => Corpus.Length - 2L * Window;

    /// <summary>Contexts (B x 2W) and targets (B) of the given samples, Int64, on the device.</summary>
    public (Tensor Contexts, Tensor Target) Batch(ReadOnlySpan<long> samples, Device? device = null)
    {
        var width = 2 * Window;
        var contexts = new long[samples.Length * width];
        var target = new long[samples.Length];
        for (var b = 0; b < samples.Length; b++)
        {
            var s = samples[b];
            if (s < 0 || s >= Count) throw new ArgumentOutOfRangeException(nameof(samples),
                $"sample {s} outside 0..{Count - 1}");
            var position = s + Window;
            target[b] = Corpus[position];
            var row = b * width;
            for (var offset = -Window; offset < 0; offset++) contexts[row++] = Corpus[position + offset];
            for (var offset = 1; offset <= Window; offset++) contexts[row++] = Corpus[position + offset];
        }
        return (tensor(contexts, device: device).view(samples.Length, width), tensor(target, device: device));
    }
}

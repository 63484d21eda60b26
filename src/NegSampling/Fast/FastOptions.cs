namespace NegSampling.Fast;

/// <summary>The fast path's departures from the book's step, per model (the faithful path has none).</summary>
internal readonly record struct FastOptions(
    CbowContextUpdate ContextUpdate = CbowContextUpdate.Gradient,
    SkipGramNegatives Pairing = SkipGramNegatives.PerPair);

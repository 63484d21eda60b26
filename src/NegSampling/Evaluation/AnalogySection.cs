namespace NegSampling.Evaluation;

/// <summary>One section of the analogy questions (or the total): questions answered right and wrong.</summary>
/// <param name="Name">The section's name (the ": section" line), or "Total accuracy".</param>
/// <param name="Correct">Questions whose best answer was the expected word.</param>
/// <param name="Incorrect">Questions answered otherwise.</param>
public sealed record AnalogySection(string Name, int Correct, int Incorrect)
{
    /// <summary>The questions scored: correct and incorrect.</summary>
    public int Count => Correct + Incorrect;

    /// <summary>Correct / Count (0 for no question).</summary>
    public double Accuracy => Count == 0 ? 0 : (double)Correct / Count;
}

namespace NegSampling.Evaluation;

public sealed record AnalogySection(string Name, int Correct, int Incorrect)
{
    public int Count => Correct + Incorrect;
    public double Accuracy => Count == 0 ? 0 : (double)Correct / Count;
}

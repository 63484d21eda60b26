using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Training.Optimizers;

/// <summary>Plain SGD with word2vec's linear decay: lr_t = lr * max(1 - progress, minFraction).</summary>
public sealed class Sgd : Optimizer
{
    public Sgd(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double learningRate, bool linearDecay = true, double minFraction = 1e-4)
        : base(parameters, learningRate)
    {
        LinearDecay = linearDecay;
        MinFraction = minFraction;
    }

    public bool LinearDecay { get; }
    public double MinFraction { get; }

    public override IReadOnlyList<(string Name, Tensor Tensor)> State { get; } = [];

    public double RateAt(double progress) => LinearDecay ? LearningRate * Math.Max(1 - progress, MinFraction) : LearningRate;

    protected override void Update(int index, Parameter parameter, Tensor gradient, double progress)
    {
        using var alpha = (-RateAt(progress)).ToScalar(); // held for the native call, which reads it by reference
        parameter.add_(gradient, alpha);
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NegSampling.Training.Optimizers;

/// <summary>
/// Adam as torch.optim.Adam computes it (no weight decay, no AMSGrad), so the PyTorch reference checks it:
/// p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). The book's Adam is the same but for where
/// eps enters (it adds eps to sqrt(v) before the bias correction); the difference is of the order of eps.
/// </summary>
/// <remarks>The fast path applies it as a lazy Adam (<see cref="Fast.LazyAdam"/>).</remarks>
internal sealed class Adam : Optimizer
{
    private readonly Tensor[] m;
    private readonly Tensor[] v;
    private readonly Tensor[] denominator; // scratch, reused: a fresh V x H tensor per step costs page faults

    /// <summary>Adam over the named parameters with torch.optim.Adam's hyper-parameters.</summary>
    public Adam(IReadOnlyList<(string Name, Parameter Parameter)> parameters, double learningRate = 0.001,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8) : base(parameters, learningRate, false)
    {
        if (beta1 is < 0 or >= 1) throw new ArgumentException($"beta1 must be in [0, 1); found {beta1}", nameof(beta1));
        if (beta2 is < 0 or >= 1) throw new ArgumentException($"beta2 must be in [0, 1); found {beta2}", nameof(beta2));
        if (!(eps > 0)) throw new ArgumentException($"eps must be positive; found {eps}", nameof(eps));
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        m = parameters.Select(p => zeros_like(p.Parameter).requires_grad_(false)).ToArray();
        v = parameters.Select(p => zeros_like(p.Parameter).requires_grad_(false)).ToArray();
        denominator = parameters.Select(p => empty_like(p.Parameter).requires_grad_(false)).ToArray();
        State = parameters.SelectMany((p, i) => new[] { ($"{p.Name}.exp_avg", m[i]),
            ($"{p.Name}.exp_avg_sq", v[i]) }).ToList();
    }

    /// <summary>The first moment's decay.</summary>
    public double Beta1 { get; }
    /// <summary>The second moment's decay.</summary>
    public double Beta2 { get; }
    /// <summary>The term that keeps the denominator from zero.</summary>
    public double Eps { get; }

    /// <inheritdoc/>
    public override IReadOnlyList<(string Name, Tensor Tensor)> State { get; }

    /// <inheritdoc/>
    public override void Dispose()
    {
        foreach (var t in denominator) t.Dispose();
        base.Dispose();
    }

    /// <summary>The first and second moments of a parameter (by reference), for the fast path's
    /// <see cref="Fast.LazyAdam"/>.</summary>
    internal (Tensor M, Tensor V) Moments(Tensor parameter)
    {
        var index = IndexOf(parameter);
        return (m[index], v[index]);
    }

    /// <inheritdoc/>
    protected override void Update(int index, Parameter parameter, Tensor gradient, double progress)
    {
        var biasCorrection1 = 1 - Math.Pow(Beta1, StepCount);
        var biasCorrection2 = 1 - Math.Pow(Beta2, StepCount);
        // Scalars held for the duration of the native calls, which read them by reference.
        using var beta1 = Beta1.ToScalar();
        using var oneMinusBeta1 = (1 - Beta1).ToScalar();
        using var beta2 = Beta2.ToScalar();
        using var oneMinusBeta2 = (1 - Beta2).ToScalar();
        // lr / bc1 * m / (sqrt(v) / sqrt(bc2) + eps) computed as lr sqrt(bc2) / bc1 * m / (sqrt(v) + eps sqrt(bc2)):
        // the same number, one pass fewer.
        using var epsScaled = (Eps * Math.Sqrt(biasCorrection2)).ToScalar();
        using var stepSize = (-LearningRate * Math.Sqrt(biasCorrection2) / biasCorrection1).ToScalar();
        using var one = 1.ToScalar();
        m[index].mul_(beta1).add_(gradient, oneMinusBeta1);
        v[index].mul_(beta2).addcmul_(gradient, gradient, oneMinusBeta2);
        var denom = denominator[index].copy_(v[index]).sqrt_().add_(epsScaled, one);
        parameter.addcdiv_(m[index], denom, stepSize);
    }
}

namespace NegSampling.Layers;

/// <summary>Which backward the layers use.</summary>
public enum GradientMode
{
    /// <summary>The book's hand-written backward, run inside autograd as a custom function.</summary>
    Manual,
    /// <summary>Plain tensor ops (index_select, mul, sum) differentiated by libtorch, for comparison.</summary>
    Autograd,
}

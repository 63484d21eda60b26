using static TorchSharp.torch;

namespace NegSampling.Cli;

/// <summary>Prints 1-D and 2-D tensors the way numpy prints arrays, so demo output reads like the seed
/// notebook.</summary>
public static class ArrayText
{
    public static string Format(Tensor t)
    {
        var isInteger = !t.is_floating_point();
        var values = t.detach().cpu().to_type(ScalarType.Float64).data<double>().ToArray();
        var cells = values.Select(v => isInteger ? ((long)v).ToString() : v.ToString("0.########",
            System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var width = cells.Max(c => c.Length);
        string Row(int start, int count) =>
            "[" + string.Join(" ", cells.Skip(start).Take(count).Select(c => c.PadLeft(width))) + "]";
        if (t.dim() == 1) return Row(0, cells.Length);
        var rows = (int)t.shape[0];
        var cols = (int)t.shape[1];
        return "[" + string.Join("\n ", Enumerable.Range(0, rows).Select(r => Row(r * cols, cols))) + "]";
    }

    public static string Words(IEnumerable<string> words) => "[" + string.Join(" ", words.Select(w => $"'{w}'")) + "]";
}

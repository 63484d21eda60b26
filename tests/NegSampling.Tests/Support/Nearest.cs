using static TorchSharp.torch;

namespace NegSampling.Tests.Support;

public static class Nearest
{
    /// <summary>The rows of W most similar (cosine) to row id, best first, itself excluded; computed here, not with
    /// WordVectors.</summary>
    public static int[] Rows(Tensor w, int id, int top)
    {
        var unit = w / w.norm(1, keepdim: true);
        var similarity = unit.matmul(unit[id]);
        similarity[id] = float.NegativeInfinity;
        return similarity.argsort(descending: true).data<long>().ToArray().Take(top).Select(i => (int)i).ToArray();
    }
}

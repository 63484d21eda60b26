namespace NegSampling.Evaluation;

/// <summary>Levenshtein distance, cut off early once it exceeds a bound (enough for "did you mean").</summary>
internal static class EditDistance
{
    public static int Between(string a, string b, int bound)
    {
        if (Math.Abs(a.Length - b.Length) > bound) return bound + 1;
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                rowMin = Math.Min(rowMin, current[j]);
            }
            if (rowMin > bound) return bound + 1;
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}

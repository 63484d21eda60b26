namespace NegSampling.Cli;

/// <summary>
/// A file of "group word" lines (blank lines and '#' lines skipped) that colours a map: the analogy sections'
/// capitals, countries and verbs, or any grouping of the user's.
/// </summary>
public static class GroupFile
{
    /// <summary>Each word's group, in the file's order; one line naming the file and line for a bad one.</summary>
    public static IReadOnlyList<(string Word, string Group)> Read(string path)
    {
        if (!File.Exists(path)) throw new CliException($"groups file not found: {path}");
        var entries = new List<(string Word, string Group)>();
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            var fields = trimmed.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 2)
                throw new CliException($"{path} line {number}: expected 'group word', found '{trimmed}'");
            var (group, word) = (fields[0], fields[1]);
            if (seen.TryGetValue(word, out var first))
            {
                if (first == group) continue;
                throw new CliException($"{path} line {number}: '{word}' is in group '{first}' already, " +
                    $"found in '{group}'");
            }
            seen[word] = group;
            entries.Add((word, group));
        }
        return entries.Count > 0 ? entries : throw new CliException($"{path}: no 'group word' lines");
    }
}

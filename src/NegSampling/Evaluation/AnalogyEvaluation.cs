using static TorchSharp.torch;

namespace NegSampling.Evaluation;

/// <summary>
/// gensim's evaluate_word_analogies: questions-words format (": section" lines, then "a b c expected"),
/// a question counted only when its four words are in the vocabulary (case-insensitive by default),
/// the answer the best 3CosAdd word other than a, b and c. Batched: many questions per matrix product.
/// </summary>
internal static class AnalogyEvaluation
{
    private const int QuestionsPerChunk = 1024;

    /// <summary>Scores the vectors on a questions-words file (case-insensitive by default, as gensim).</summary>
    public static AnalogyResult Evaluate(WordVectors vectors, string path, bool caseInsensitive = true)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"analogy questions not found: {path}", path);
        var canonical = vectors.EvaluationIds(caseInsensitive);
        string Key(string w) => WordVectors.EvaluationKey(w, caseInsensitive);
        var group = Enumerable.Range(0, vectors.Count).Select(i => canonical[Key(vectors.Words[i])]).ToArray();

        var sections = new List<(string Name, List<int[]> Questions)>();
        var skipped = 0;
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0) continue;
            if (line.StartsWith(": ", StringComparison.Ordinal)) { sections.Add((line[2..].Trim(), [])); continue; }
            if (sections.Count == 0) throw new InvalidDataException($"{path}: line {lineNumber}: a question before " +
                $"the first ': section' line");
            var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (words.Length != 4) throw new InvalidDataException($"{path}: line {lineNumber}: expected 4 words, " +
                $"found {words.Length}: '{line}'");
            var found = words.Select(w => canonical.TryGetValue(Key(w), out var id) ? id : -1).ToArray();
            if (found.Contains(-1)) { skipped++; continue; }
            sections[^1].Questions.Add(found);
        }

        var groupTensor = tensor(group.Select(g => (long)g).ToArray(), device: vectors.Vectors.device);
        var results = sections.Select(s =>
        {
            var correct = Answer(vectors, s.Questions, groupTensor);
            return new AnalogySection(s.Name, correct, s.Questions.Count - correct);
        }).ToList();
        var total = new AnalogySection("Total accuracy", results.Sum(r => r.Correct), results.Sum(r => r.Incorrect));
        return new AnalogyResult(results, total, skipped);
    }

    /// <summary>Counts the questions whose best answer (outside the case-groups of a, b, c) is in the expected word's
    /// group.</summary>
    private static int Answer(WordVectors vectors, List<int[]> questions, Tensor group)
    {
        var correct = 0;
        var device = vectors.Vectors.device;
        for (var start = 0; start < questions.Count; start += QuestionsPerChunk)
        {
            using var scope = NewDisposeScope();
            var chunk = questions.Skip(start).Take(QuestionsPerChunk).ToArray();
            var ids = tensor(chunk.SelectMany(q => q.Select(i => (long)i)).ToArray(),
                device: device).view(chunk.Length, 4);
            var unit = vectors.Unit;
            Tensor Row(int column) => unit.index_select(0, ids.select(1, column));
            var query = (Row(1) + Row(2) - Row(0)) / 3;
            query /= query.norm(1, keepdim: true).clamp_min(1e-12);
            var scores = query.matmul(unit.t());
            // Exclude every word whose case-group is that of a, b or c (gensim skips them by upper-cased key).
            var excluded = group.unsqueeze(0).unsqueeze(2).eq(ids.narrow(1, 0, 3).unsqueeze(1)).any(2);
            scores.masked_fill_(excluded, float.NegativeInfinity);
            var predicted = scores.argmax(1);
            correct += (int)group.index_select(0, predicted).eq(ids.select(1, 3)).sum().item<long>();
        }
        return correct;
    }
}

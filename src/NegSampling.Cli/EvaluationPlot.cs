using System.Globalization;
using NegSampling.Evaluation;
using ScottPlot;

namespace NegSampling.Cli;

/// <summary>evaluate's picture: the analogy accuracy of each section as bars, beside the word pairs' human scores
/// against the vectors' cosine, side by side in one PNG.</summary>
public static class EvaluationPlot
{
    public static void Write(string path, AnalogyResult analogy, WordPairResult pairs, string pairsName, int width,
        int height)
    {
        // A Multiplot made empty holds a blank plot of its own: it starts from the bars instead.
        var multiplot = new Multiplot(Bars(analogy));
        multiplot.AddPlot(Scatter(pairs, pairsName));
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();
        PngFile.Save(path, width, height, (file, w, h) => multiplot.SavePng(file, w, h));
    }

    /// <summary>One horizontal bar per section, the first section at the top.</summary>
    private static Plot Bars(AnalogyResult analogy)
    {
        var plot = new Plot();
        var sections = analogy.Sections;
        var bars = plot.Add.Bars(sections.Select((s, i) => new Bar
        {
            Position = sections.Count - 1 - i,
            Value = s.Accuracy * 100,
            Label = s.Count == 0 ? "no question" : string.Create(CultureInfo.InvariantCulture,
                $"{s.Accuracy * 100:0.0}% of {s.Count}"),
        }).ToList());
        bars.Horizontal = true;
        bars.ValueLabelStyle.FontSize = 11;
        plot.Axes.Left.SetTicks(sections.Select((_, i) => (double)(sections.Count - 1 - i)).ToArray(),
            sections.Select(s => s.Name).ToArray());
        // Room right of the longest bar for its label.
        plot.Axes.SetLimitsX(0, Math.Max(sections.Select(s => s.Accuracy * 100).DefaultIfEmpty(0).Max(), 1) * 1.45);
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"analogies: {analogy.Total.Accuracy * 100:0.0}% of {analogy.Total.Count} questions"));
        plot.XLabel("accuracy (%)");
        return plot;
    }

    /// <summary>Each pair inside the vocabulary: its human score across, its cosine up.</summary>
    private static Plot Scatter(WordPairResult pairs, string pairsName)
    {
        var plot = new Plot();
        var points = plot.Add.ScatterPoints(pairs.Scores.Select(s => s.Human).ToArray(),
            pairs.Scores.Select(s => s.Similarity).ToArray());
        points.MarkerSize = 5;
        plot.Title(pairs.Spearman is { } spearman
            ? string.Create(CultureInfo.InvariantCulture,
                $"{pairsName}: Spearman {spearman:0.000} over {pairs.Pairs} pairs")
            : $"{pairsName}: no correlation ({pairs.Pairs} pair(s) in the vocabulary)");
        plot.XLabel("human score");
        plot.YLabel("cosine similarity");
        return plot;
    }
}

using NegSampling.Evaluation;
using ScottPlot;

namespace NegSampling.Cli;

/// <summary>A <see cref="WordMap"/> drawn as a labelled scatter (ScottPlot), points coloured by group.</summary>
public static class WordMapPlot
{
    private const float FontSize = 12;
    private const float MarkerSize = 6;
    private const double LabelGap = 5;
    private static readonly PixelPadding Padding = new(left: 80, right: 20, bottom: 50, top: 45);

    /// <summary>Draws the map to a PNG; <paramref name="groups"/> gives a word's group (words without one are
    /// "other"), null for one colour. Returns how many labels were drawn.</summary>
    public static int Write(string path, WordMap map, IReadOnlyDictionary<string, string>? groups, int width,
        int height)
    {
        var plot = new Plot();
        plot.Layout.Fixed(Padding);
        plot.Title(map.Description);
        var (xName, yName) = map.Perplexity is null ? ("PC1", "PC2") : ("t-SNE 1", "t-SNE 2");
        plot.XLabel(xName);
        plot.YLabel(yName);
        plot.HideGrid(); // the labels are what is read; grid lines behind them only add noise

        var group = map.Words.Select(w => groups is null ? "" : groups.GetValueOrDefault(w, "other")).ToArray();
        var names = group.Distinct().OrderBy(g => g == "other").ToList();
        var palette = new ScottPlot.Palettes.Category10();
        var colours = names.ToDictionary(g => g, g => g == "other" ? Colors.Gray : palette.GetColor(names.IndexOf(g)));
        foreach (var name in names)
        {
            var members = Enumerable.Range(0, map.Words.Count).Where(i => group[i] == name).ToArray();
            var markers = plot.Add.Markers(members.Select(i => map.X[i]).ToArray(),
                members.Select(i => map.Y[i]).ToArray(), MarkerShape.FilledCircle, MarkerSize, colours[name]);
            if (groups is not null) markers.LegendText = name;
        }
        if (groups is not null) plot.ShowLegend(Alignment.UpperRight);

        var limits = Limits(map);
        plot.Axes.SetLimits(limits.Left, limits.Right, limits.Bottom, limits.Top);
        var area = new LabelLayout.Box(Padding.Left, Padding.Top, width - Padding.Left - Padding.Right,
            height - Padding.Top - Padding.Bottom);
        (double X, double Y) ToPixel(double x, double y) =>
            (area.Left + (x - limits.Left) / limits.Width * area.Width,
                area.Top + (limits.Top - y) / limits.Height * area.Height);
        var pixels = Enumerable.Range(0, map.Words.Count).Select(i => ToPixel(map.X[i], map.Y[i])).ToList();
        var boxes = LabelLayout.Place(pixels, map.Words.Select(Measure).ToList(), area, LabelGap);
        var labelled = 0;
        for (var i = 0; i < boxes.Length; i++)
        {
            if (boxes[i] is not { } box) continue;
            var text = plot.Add.Text(map.Words[i], limits.Left + (box.Left - area.Left) / area.Width * limits.Width,
                limits.Top - (box.Top - area.Top) / area.Height * limits.Height);
            text.LabelFontSize = FontSize;
            text.LabelFontColor = groups is null ? Colors.Black : colours[group[i]].Darken(0.3);
            text.LabelAlignment = Alignment.UpperLeft;
            labelled++;
        }
        PngFile.Save(path, width, height, (file, w, h) => plot.SavePng(file, w, h));
        return labelled;
    }

    /// <summary>A label's size in pixels, as ScottPlot draws it.</summary>
    private static (double Width, double Height) Measure(string word)
    {
        using var paint = Paint.NewDisposablePaint();
        var size = new LabelStyle { Text = word, FontSize = FontSize }.Measure(paint).Size;
        return (size.Width, size.Height);
    }

    /// <summary>The points' extent with a margin, so that points at the edge keep room for a label.</summary>
    private static CoordinateRect Limits(WordMap map)
    {
        var (left, right, bottom, top) = (map.X.Min(), map.X.Max(), map.Y.Min(), map.Y.Max());
        var (dx, dy) = (Math.Max(right - left, 1e-9), Math.Max(top - bottom, 1e-9));
        return new CoordinateRect(left - 0.04 * dx, right + 0.12 * dx, bottom - 0.04 * dy, top + 0.04 * dy);
    }
}

using NegSampling.Formats;

namespace NegSampling.Cli;

/// <summary>The loss curve as a PNG (ScottPlot), written beside loss.csv.</summary>
public static class LossCurve
{
    public static void Write(string path, IReadOnlyList<LossRecord> history, string title)
    {
        if (history.Count == 0) return;
        var plot = new ScottPlot.Plot();
        plot.Add.ScatterLine(history.Select(r => (double)r.Step).ToArray(), history.Select(r => r.Loss).ToArray());
        plot.Title(title);
        plot.XLabel("iteration");
        plot.YLabel("average loss");
        PngFile.Save(path, 900, 500, (file, width, height) => plot.SavePng(file, width, height));
    }
}

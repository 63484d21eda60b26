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
        var temporary = Path.Combine(Path.GetDirectoryName(path)!,
            "." + Path.GetFileNameWithoutExtension(path) + ".tmp.png");
        try
        {
            plot.SavePng(temporary, 900, 500);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}

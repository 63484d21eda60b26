using System.CommandLine;

namespace NegSampling.Cli.Commands;

/// <summary>The size options of the commands that draw a PNG.</summary>
public static class PlotOptions
{
    public static Option<int> Width(int pixels) => Pixels("--width", "the PNG's width in pixels", pixels);

    public static Option<int> Height(int pixels) => Pixels("--height", "the PNG's height in pixels", pixels);

    private static Option<int> Pixels(string name, string description, int pixels) =>
        new Option<int>(name) { Description = description, DefaultValueFactory = _ => pixels }
            .Within(100, 10_000, "100 to 10000 pixels");
}

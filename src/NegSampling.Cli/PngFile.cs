namespace NegSampling.Cli;

/// <summary>Plots written as PNGs through a temporary file beside the target, so a failed write leaves no half
/// image where a good one was.</summary>
public static class PngFile
{
    public static void Save(string path, int width, int height, Action<string, int, int> save)
    {
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!,
            "." + Path.GetFileNameWithoutExtension(path) + ".tmp.png");
        save(temporary, width, height);
        File.Move(temporary, path, overwrite: true);
    }
}

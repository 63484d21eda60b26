namespace NegSampling.Cli;

/// <summary>
/// Places word labels beside their points without overlap, greedily in the words' order (the most important
/// first): each label takes the first of eight places around its point whose box stays inside the plot and
/// covers no placed label and no other point; a label with no such place is left out.
/// </summary>
public static class LabelLayout
{
    /// <summary>A box in pixels: left, top, width, height.</summary>
    public readonly record struct Box(double Left, double Top, double Width, double Height)
    {
        public bool Overlaps(Box other) =>
            Left < other.Left + other.Width && other.Left < Left + Width
            && Top < other.Top + other.Height && other.Top < Top + Height;

        public bool Inside(Box outer) =>
            Left >= outer.Left && Top >= outer.Top
            && Left + Width <= outer.Left + outer.Width && Top + Height <= outer.Top + outer.Height;
    }

    /// <summary>
    /// For each point (pixel centres) and its label's size, the label's box, or null where it would overlap.
    /// <paramref name="gap"/> is the distance from a point's centre to its label.
    /// </summary>
    public static Box?[] Place(IReadOnlyList<(double X, double Y)> points, IReadOnlyList<(double Width, double Height)>
        sizes, Box area, double gap)
    {
        var markers = points.Select(p => new Box(p.X - gap / 2, p.Y - gap / 2, gap, gap)).ToArray();
        var placed = new List<Box>();
        var result = new Box?[points.Count];
        for (var i = 0; i < points.Count; i++)
        {
            var (x, y) = points[i];
            var (w, h) = sizes[i];
            // Right, left, above, below, then the four corners: the right is where a reader looks first.
            Box[] candidates =
            [
                new(x + gap, y - h / 2, w, h), new(x - gap - w, y - h / 2, w, h),
                new(x - w / 2, y - gap - h, w, h), new(x - w / 2, y + gap, w, h),
                new(x + gap, y - gap - h, w, h), new(x + gap, y + gap, w, h),
                new(x - gap - w, y - gap - h, w, h), new(x - gap - w, y + gap, w, h),
            ];
            var index = i;
            foreach (var box in candidates)
            {
                if (!box.Inside(area) || placed.Any(box.Overlaps)
                    || markers.Where((_, j) => j != index).Any(box.Overlaps)) continue;
                placed.Add(box);
                result[i] = box;
                break;
            }
        }
        return result;
    }
}

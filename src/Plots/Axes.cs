using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>A rectangular data area with linear x and linear or log-10 y, drawing its frame, ticks and labels.</summary>
internal sealed class Axes(SKRect area, double xMin, double xMax, double yMin, double yMax, bool logY = false)
{
    public SKRect Area { get; } = area;

    public float X(double v) => Area.Left + (float)((v - xMin) / (xMax - xMin) * Area.Width);

    public float Y(double v)
    {
        double t = logY ? (Math.Log10(v) - Math.Log10(yMin)) / (Math.Log10(yMax) - Math.Log10(yMin)) : (v - yMin) / (yMax - yMin);
        return Area.Bottom - (float)(t * Area.Height);
    }

    /// <summary>Frame, tick marks and numbers, optional grid lines, and axis labels.</summary>
    public void Draw(SKCanvas canvas, string? xLabel, string? yLabel, bool grid)
    {
        var (xs, xStep) = Ticks.Nice(xMin, xMax, Math.Max(2, (int)(Area.Width / 90)));
        double[] ys;
        double yStep;
        if (logY) (ys, yStep) = (Ticks.Log(yMin, yMax), 1);
        else (ys, yStep) = Ticks.Nice(yMin, yMax, Math.Max(2, (int)(Area.Height / 60)));

        using var gridPaint = Painter.Stroke(Painter.GridColor);
        using var ink = Painter.Stroke(Painter.Ink);
        if (grid)
        {
            foreach (double x in xs) canvas.DrawLine(X(x), Area.Top, X(x), Area.Bottom, gridPaint);
            foreach (double y in ys) canvas.DrawLine(Area.Left, Y(y), Area.Right, Y(y), gridPaint);
        }
        canvas.DrawRect(Area, ink);
        float widest = 0;
        foreach (double x in xs)
        {
            canvas.DrawLine(X(x), Area.Bottom, X(x), Area.Bottom + 5, ink);
            Painter.Text(canvas, Ticks.Format(x, xStep), X(x), Area.Bottom + 19, Painter.TickFont, SKTextAlign.Center);
        }
        foreach (double y in ys)
        {
            string label = logY ? Ticks.Format(y, y) : Ticks.Format(y, yStep);
            widest = Math.Max(widest, Painter.Width(label, Painter.TickFont));
            canvas.DrawLine(Area.Left - 5, Y(y), Area.Left, Y(y), ink);
            Painter.Text(canvas, label, Area.Left - 8, Y(y) + 4, Painter.TickFont, SKTextAlign.Right);
        }
        if (xLabel is not null) Painter.Text(canvas, xLabel, Area.MidX, Area.Bottom + 40, Painter.LabelFont, SKTextAlign.Center);
        if (yLabel is not null) Painter.VerticalText(canvas, yLabel, Area.Left - widest - 20, Area.MidY, Painter.LabelFont);
    }
}

using System.Globalization;

namespace SpeechDisentangle.Plots;

/// <summary>Axis tick positions at "nice" steps (1, 2 or 5 × 10^k) and their labels.</summary>
internal static class Ticks
{
    /// <summary>Tick values within [min, max], about <paramref name="target"/> of them.</summary>
    public static (double[] Values, double Step) Nice(double min, double max, int target = 6)
    {
        if (!(max > min)) return ([min], 1);
        double raw = (max - min) / Math.Max(1, target);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(m => m * magnitude).First(s => s >= raw * 0.999);
        double first = Math.Ceiling((min / step) - 1e-9) * step;
        var values = new List<double>();
        for (double v = first; v <= max + (step * 1e-9); v += step) values.Add(Math.Abs(v) < step * 1e-9 ? 0 : v);
        return ([.. values], step);
    }

    /// <summary>Decade ticks for a log axis (values are the real, unlogged numbers).</summary>
    public static double[] Log(double min, double max)
    {
        var values = new List<double>();
        for (double e = Math.Floor(Math.Log10(min)); e <= Math.Ceiling(Math.Log10(max)); e++)
        {
            double v = Math.Pow(10, e);
            if (v >= min * 0.999 && v <= max * 1.001) values.Add(v);
        }
        return [.. values];
    }

    /// <summary>A label with as many decimals as the step needs (so 0.5 steps print "0.5", not "0.50000001").</summary>
    public static string Format(double value, double step)
    {
        if (Math.Abs(value) >= 1e5 || (value != 0 && Math.Abs(value) < 1e-3))
            return value.ToString("0.##E+0", CultureInfo.InvariantCulture);
        int decimals = Math.Clamp((int)-Math.Floor(Math.Log10(step) + 1e-9), 0, 6);
        return value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }
}

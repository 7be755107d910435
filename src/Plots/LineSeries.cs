namespace SpeechDisentangle.Plots;

/// <summary>One named curve for <see cref="LinePlot"/>. NaN y values leave gaps (e.g. a metric logged every k steps).</summary>
/// <param name="Name">Legend text.</param>
/// <param name="X">X values (e.g. steps or epochs), same length as <paramref name="Y"/>.</param>
/// <param name="Y">Y values.</param>
public sealed record LineSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)
{
    /// <summary>A series whose x values are 0, 1, 2, …</summary>
    public static LineSeries Indexed(string name, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        return new LineSeries(name, [.. Enumerable.Range(0, y.Count).Select(i => (double)i)], y);
    }
}

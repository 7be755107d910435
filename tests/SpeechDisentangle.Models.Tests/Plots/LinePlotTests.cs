using SpeechDisentangle.Common;
using SpeechDisentangle.Plots;

namespace SpeechDisentangle.Models.Tests.Plots;

public class LinePlotTests
{
    static (double Left, double Right) MeanRows(SkiaSharp.SKBitmap bmp, int series)
    {
        var pixels = PngProbe.Find(bmp, CategoricalPalette.Color(series), 30);
        // Stay clear of the legend (top right) and the axes.
        double left = pixels.Where(p => p.X is > 100 and < 250).Average(p => p.Y);
        double right = pixels.Where(p => p.X is > 450 and < 650).Average(p => p.Y);
        return (left, right);
    }

    [Fact]
    public void RenderPng_FallingAndRisingSeries_DrawnWithTheirSlopes()
    {
        var steps = Enumerable.Range(0, 200).Select(i => (double)i).ToList();
        var loss = new LineSeries("loss", steps, [.. steps.Select(s => 2.0 * Math.Exp(-s / 50))]);
        var acc = new LineSeries("accuracy", steps, [.. steps.Select(s => 1 - Math.Exp(-s / 40))]);

        using var bmp = PngProbe.Decode(LinePlot.RenderPng([loss, acc], new LinePlotOptions { Title = "training", YLabel = "value" }), "lines");

        bmp.Width.Should().Be(800);
        bmp.Height.Should().Be(480);
        var (lossLeft, lossRight) = MeanRows(bmp, 0);
        var (accLeft, accRight) = MeanRows(bmp, 1);
        lossLeft.Should().BeLessThan(lossRight - 50, "loss falls: higher on screen (smaller row) at the left");
        accLeft.Should().BeGreaterThan(accRight + 50, "accuracy rises");
    }

    [Fact]
    public void RenderPng_LogYWithGapsAndNonPositive_Renders()
    {
        double[] y = [10, 5, double.NaN, 1, 0.5, 0, -1, 0.01];
        var series = LineSeries.Indexed("lr", y);

        using var bmp = PngProbe.Decode(LinePlot.RenderPng([series], new LinePlotOptions { LogY = true, YLabel = "learning rate" }), "lines_log");

        PngProbe.Find(bmp, CategoricalPalette.Color(0), 20).Count.Should().BeGreaterThan(100);
    }

    [Fact]
    public void RenderPng_BadInput_Throws()
    {
        FluentActions.Invoking(() => LinePlot.RenderPng([])).Should().Throw<ArgumentException>().WithMessage("no series to plot");
        FluentActions.Invoking(() => LinePlot.RenderPng([new LineSeries("a", [1, 2], [1])]))
            .Should().Throw<ArgumentException>().WithMessage("series 'a' has 2 x values but 1 y values");
        FluentActions.Invoking(() => new LinePlotOptions { LineWidth = 0, Height = 1 }.Validate())
            .Should().Throw<ArgumentException>().WithMessage("*LineWidth 0*Height 1*");
    }
}

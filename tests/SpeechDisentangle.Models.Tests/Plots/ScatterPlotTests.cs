using SkiaSharp;
using SpeechDisentangle.Plots;

namespace SpeechDisentangle.Models.Tests.Plots;

public class ScatterPlotTests
{
    [Fact]
    public void RenderPng_ThreeClusters_DistinctColoursInRightPlaces()
    {
        var rng = new Random(3);
        (float X, float Y)[] centres = [(0, 0), (10, 0), (0, 10)];
        var x = new List<float>();
        var y = new List<float>();
        var labels = new List<int>();
        for (int k = 0; k < 3; k++)
            for (int i = 0; i < 40; i++)
            {
                x.Add(centres[k].X + (float)(rng.NextDouble() - 0.5));
                y.Add(centres[k].Y + (float)(rng.NextDouble() - 0.5));
                labels.Add(k * 10); // labels need not be 0..K-1
            }

        var png = ScatterPlot.RenderPng(x.ToArray(), y.ToArray(), labels.ToArray(), new ScatterPlotOptions
        {
            Title = "speaker embeddings (PCA)", XLabel = "PC 1", YLabel = "PC 2",
            LabelNames = new Dictionary<int, string> { [0] = "spk-a", [10] = "spk-b", [20] = "spk-c" },
        });
        using var bmp = PngProbe.Decode(png, "scatter");

        bmp.Width.Should().Be(760);
        var centroids = new (double X, double Y)[3];
        for (int k = 0; k < 3; k++)
        {
            // A single point's colour: the class colour at alpha 215 over white.
            var pixels = PngProbe.Find(bmp, PngProbe.OverWhite(CategoricalPalette.Color(k), 215), 6);
            pixels.Count.Should().BeGreaterThan(40, $"class {k} points are drawn in their own colour");
            centroids[k] = (pixels.Average(p => p.X), pixels.Average(p => p.Y));
        }
        centroids[1].X.Should().BeGreaterThan(centroids[0].X + 200, "class 10 sits to the right");
        centroids[2].Y.Should().BeLessThan(centroids[0].Y - 200, "class 20 sits higher (smaller row)");
    }

    [Fact]
    public void RenderPng_LengthMismatch_Throws()
    {
        FluentActions.Invoking(() => ScatterPlot.RenderPng(new float[3], new float[3], new int[2]))
            .Should().Throw<ArgumentException>().WithMessage("*equal lengths (got 3, 3, 2)");
    }

    [Fact]
    public void CategoricalPalette_ManyClasses_ColoursStayDistinct()
    {
        var colours = Enumerable.Range(0, 30).Select(CategoricalPalette.Color).ToList();

        colours.Distinct().Should().HaveCount(30);
        colours.Select((c, i) => colours.Skip(i + 1).Min(o => (double?)PngProbe.Distance(c, o)) ?? 999)
            .Min().Should().BeGreaterThan(10);
    }
}

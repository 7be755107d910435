using SpeechDisentangle.Common;
using SpeechDisentangle.Plots;

namespace SpeechDisentangle.Models.Tests.Plots;

public class SpectrogramPlotTests
{
    // 300 frames x 40 bins at a uniform low level with one bright band of bins.
    static float[,] Band(int fromBin, int toBin)
    {
        var m = new float[300, 40];
        for (int f = 0; f < 300; f++)
            for (int b = 0; b < 40; b++)
                m[f, b] = b >= fromBin && b <= toBin ? 2f : -8f + (0.1f * MathF.Sin(f * 0.3f));
        return m;
    }

    // Rows of the middle column drawn in the colour map's top colour (the band); white background does not match.
    static List<int> BrightRows(float[,] m, string name)
    {
        using var bmp = PngProbe.Decode(SpectrogramPlot.RenderPng(m, new SpectrogramPlotOptions { Title = "band" }), name);
        bmp.Width.Should().Be(900);
        bmp.Height.Should().Be(420);
        int x = 430;
        var top = Colormap.Magma.Map(1);
        return [.. Enumerable.Range(0, bmp.Height).Where(y => PngProbe.Distance(bmp.GetPixel(x, y), top) < 25)];
    }

    [Fact]
    public void RenderPng_LowBinsBright_BrightRowsAtBottom()
    {
        var rows = BrightRows(Band(4, 7), "spectrogram_low_band");

        // The plot area spans roughly rows 40..365; bins 4-7 of 40 are the 10-20% band from its bottom.
        rows.Should().NotBeEmpty();
        rows.Should().OnlyContain(y => y > 290 && y < 340);
        rows.Count.Should().BeInRange(25, 40);
    }

    [Fact]
    public void RenderPng_HighBinsBright_BrightRowsAtTop()
    {
        var rows = BrightRows(Band(32, 35), "spectrogram_high_band");

        rows.Should().NotBeEmpty();
        rows.Should().OnlyContain(y => y > 40 && y < 120);
    }

    [Fact]
    public void RenderPng_Title_DrawsText()
    {
        var m = Band(4, 7);
        using var with = PngProbe.Decode(SpectrogramPlot.RenderPng(m, new SpectrogramPlotOptions { Title = "log-mel of utt1" }), "spectrogram_title");
        using var without = PngProbe.Decode(SpectrogramPlot.RenderPng(m, new SpectrogramPlotOptions { Title = "" }), "spectrogram_emptytitle");

        PlotFonts.TypefacePath.Should().NotBeNull("a TTF (fonts-dejavu-core) is needed for text; see PlotFonts");
        static int DarkInTitleBand(SkiaSharp.SKBitmap bmp) =>
            Enumerable.Range(300, 300).SelectMany(x => Enumerable.Range(8, 24).Select(y => bmp.GetPixel(x, y)))
                .Count(c => PngProbe.Luma(c) < 100);
        DarkInTitleBand(with).Should().BeGreaterThan(30, "the title's glyphs are dark pixels on white");
        DarkInTitleBand(without).Should().Be(0);
    }

    [Fact]
    public void Save_NestedPath_WritesDecodablePngWithoutTempFiles()
    {
        string dir = Directory.CreateTempSubdirectory("sdt-plot-").FullName;
        try
        {
            string path = Path.Combine(dir, "sub", "spec.png");
            SpectrogramPlot.Save(path, Band(0, 3));

            using var bmp = SkiaSharp.SKBitmap.Decode(path);
            bmp.Width.Should().Be(900);
            Directory.GetFiles(Path.Combine(dir, "sub")).Should().Equal(path);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Validate_SeveralBadOptions_ListsAll()
    {
        var options = new SpectrogramPlotOptions { FrameShiftSeconds = 0, Width = 10, ValueMin = 1, ValueMax = 0 };

        options.Invoking(o => o.Validate()).Should().Throw<ArgumentException>()
            .WithMessage("*FrameShiftSeconds 0*ValueMax 0 must exceed ValueMin 1*Width 10*");
    }
}

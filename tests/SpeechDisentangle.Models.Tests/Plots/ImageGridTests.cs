using SkiaSharp;
using SpeechDisentangle.Plots;

namespace SpeechDisentangle.Models.Tests.Plots;

public class ImageGridTests
{
    [Fact]
    public void RenderPng_SixGrayImages_ThreeByTwoGridWithEachImagesGray()
    {
        // Image n is uniformly n/5, so each cell's gray level identifies it.
        const int n = 6, h = 4, w = 5;
        var data = new float[n * h * w];
        for (int i = 0; i < n; i++) Array.Fill(data, i / 5f, i * h * w, h * w);

        using var bmp = PngProbe.Decode(ImageGrid.RenderPng(data, n, 1, h, w, new ImageGridOptions { Scale = 3, Padding = 2 }), "grid_gray");

        bmp.Width.Should().Be(2 + (3 * ((w * 3) + 2)));
        bmp.Height.Should().Be(2 + (2 * ((h * 3) + 2)));
        for (int i = 0; i < n; i++)
        {
            int cx = 2 + ((i % 3) * 17) + 7, cy = 2 + ((i / 3) * 14) + 6;
            bmp.GetPixel(cx, cy).Red.Should().Be((byte)Math.Round(i / 5f * 255), $"image {i}");
        }
    }

    [Fact]
    public void RenderPng_RgbInMinusOneToOne_MapsChannels()
    {
        // Two 2x2 RGB images in tanh range: pure red, then pure blue.
        float[] data =
        [
            1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1,
            -1, -1, -1, -1, -1, -1, -1, -1, 1, 1, 1, 1,
        ];

        using var bmp = PngProbe.Decode(ImageGrid.RenderPng(data, 2, 3, 2, 2,
            new ImageGridOptions { Scale = 10, Padding = 0, ValueMin = -1, ValueMax = 1 }), "grid_rgb");

        bmp.Width.Should().Be(40);
        bmp.GetPixel(10, 10).Should().Be(new SKColor(255, 0, 0));
        bmp.GetPixel(30, 10).Should().Be(new SKColor(0, 0, 255));
    }

    [Fact]
    public void RenderPng_RowLabels_AddsLabelColumnAndPicksColumns()
    {
        var data = new float[8 * 28 * 28];
        for (int i = 0; i < data.Length; i++) data[i] = (i % 28) / 27f;
        var plain = ImageGrid.RenderPng(data, 8, 1, 28, 28, new ImageGridOptions { Columns = 4 });

        using var labelled = PngProbe.Decode(ImageGrid.RenderPng(data, 8, 1, 28, 28,
            new ImageGridOptions { RowLabels = ["real", "reconstruction"], Title = "VAE-GAN" }), "grid_labels");
        using var plainBmp = SKBitmap.Decode(plain);

        labelled.Width.Should().BeGreaterThan(plainBmp.Width + 40, "4 columns plus a label column");
        labelled.Height.Should().Be(plainBmp.Height + 30, "same 2 rows plus the title");
    }

    [Fact]
    public void RenderPng_WrongLabelCountOrLength_Throws()
    {
        var data = new float[4 * 9];

        FluentActions.Invoking(() => ImageGrid.RenderPng(data, 4, 1, 3, 3, new ImageGridOptions { Columns = 2, RowLabels = ["a"] }))
            .Should().Throw<ArgumentException>().WithMessage("1 row labels given but the grid has 2 rows*");
        FluentActions.Invoking(() => ImageGrid.RenderPng(data, 4, 1, 3, 4))
            .Should().Throw<ArgumentException>().WithMessage("4x1x3x4 needs 48 values, got 36");
    }
}

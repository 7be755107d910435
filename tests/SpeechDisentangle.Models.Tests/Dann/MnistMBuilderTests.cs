using SkiaSharp;
using SpeechDisentangle.Models.Dann;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Dann;

[Collection("torch")]
public sealed class MnistMBuilderTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("mnistm-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Writes a PNG whose pixel (x, y) has the colour <paramref name="colour"/> returns.</summary>
    string WritePhoto(string name, int width, int height, Func<int, int, SKColor> colour)
    {
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                bitmap.SetPixel(x, y, colour(x, y));
        string path = Path.Combine(_folder, name);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
        return path;
    }

    static Tensor Digits(int count, int seed)
    {
        using var generator = new Generator((ulong)seed);
        return rand(count, 28, 28, generator: generator);
    }

    [Fact]
    public void Build_RandomPhoto_GivesRgbImagesInUnitRange()
    {
        using var scope = NewDisposeScope();
        var rng = new Random(1);
        WritePhoto("noise.png", 60, 40, (_, _) => new SKColor((byte)rng.Next(256), (byte)rng.Next(256), (byte)rng.Next(256)));
        var images = new MnistMBuilder(new MnistMOptions { PhotoFolder = _folder }).Build(Digits(5, 0));
        images.shape.Should().Equal(5, 3, 28, 28);
        images.min().item<float>().Should().BeGreaterThanOrEqualTo(0f);
        images.max().item<float>().Should().BeLessThanOrEqualTo(1f);
        images.std().item<float>().Should().BeGreaterThan(0.05f);
    }

    [Fact]
    public void Build_UniformPhoto_IsAbsoluteDifferencePerChannel()
    {
        using var scope = NewDisposeScope();
        WritePhoto("flat.png", 40, 40, (_, _) => new SKColor(200, 100, 0));
        var digits = Digits(3, 1);
        var images = new MnistMBuilder(new MnistMOptions { PhotoFolder = _folder }).Build(digits);
        var colour = tensor(new[] { 200f / 255, 100f / 255, 0f }).view(1, 3, 1, 1);
        var expected = (colour - digits.unsqueeze(1)).abs();
        images.allclose(expected, rtol: 0, atol: 1e-6).Should().BeTrue();
    }

    [Fact]
    public void Build_Size32_PadsDigitWithPhotoBorder()
    {
        using var scope = NewDisposeScope();
        WritePhoto("flat.png", 40, 40, (_, _) => new SKColor(255, 0, 51));
        var images = new MnistMBuilder(new MnistMOptions { PhotoFolder = _folder, Size = 32 }).Build(ones(2, 1, 28, 28));
        images.shape.Should().Equal(2, 3, 32, 32);
        // border: the photo alone; inside: |photo - 1|
        images[0, TensorIndex.Colon, 0, 0].data<float>().ToArray().Should().Equal(1f, 0f, 0.2f);
        images[0, TensorIndex.Colon, 16, 16].data<float>().ToArray().Should().Equal(0f, 1f, 0.8f);
    }

    [Fact]
    public void Build_SameSeed_RepeatsAndOtherSeedDiffers()
    {
        using var scope = NewDisposeScope();
        WritePhoto("gradient.png", 70, 50, (x, y) => new SKColor((byte)(x * 3), (byte)(y * 5), (byte)((x + y) * 2)));
        WritePhoto("other.png", 50, 50, (x, y) => new SKColor((byte)(255 - x * 5), 30, (byte)(y * 5)));
        var digits = Digits(6, 2);
        var a = new MnistMBuilder(new MnistMOptions { PhotoFolder = _folder, Seed = 4 }).Build(digits);
        var b = new MnistMBuilder(new MnistMOptions { PhotoFolder = _folder, Seed = 4 }).Build(digits);
        var c = new MnistMBuilder(new MnistMOptions { PhotoFolder = _folder, Seed = 5 }).Build(digits);
        a.allclose(b, rtol: 0, atol: 0).Should().BeTrue();
        a.allclose(c, rtol: 0, atol: 0).Should().BeFalse();
    }

    [Fact]
    public void Constructor_MissingFolder_ThrowsNamingIt()
    {
        string missing = Path.Combine(_folder, "nope");
        var act = () => new MnistMBuilder(new MnistMOptions { PhotoFolder = missing });
        act.Should().Throw<DirectoryNotFoundException>().WithMessage($"*{missing}*");
    }

    [Fact]
    public void Constructor_FolderWithoutPhotos_ThrowsNamingIt()
    {
        File.WriteAllText(Path.Combine(_folder, "readme.txt"), "no photos");
        var act = () => new MnistMBuilder(new MnistMOptions { PhotoFolder = _folder });
        act.Should().Throw<InvalidDataException>().WithMessage($"*{_folder}*no .jpg*");
    }

    [Fact]
    public void Build_DigitsOutsideUnitRange_ThrowsNamingDigit()
    {
        using var scope = NewDisposeScope();
        WritePhoto("flat.png", 40, 40, (_, _) => SKColors.Gray);
        var digits = zeros(3, 28, 28);
        digits[2, 5, 5] = tensor(255f);
        var act = () => new MnistMBuilder(new MnistMOptions { PhotoFolder = _folder }).Build(digits);
        act.Should().Throw<ArgumentException>().WithMessage("*digit 2*255*");
    }

    [Fact]
    public void Build_PhotoSmallerThanPatch_ThrowsNamingFile()
    {
        using var scope = NewDisposeScope();
        string path = WritePhoto("tiny.png", 20, 20, (_, _) => SKColors.Gray);
        var act = () => new MnistMBuilder(new MnistMOptions { PhotoFolder = _folder }).Build(zeros(1, 28, 28));
        act.Should().Throw<InvalidDataException>().WithMessage($"*{path}*20x20*");
    }
}

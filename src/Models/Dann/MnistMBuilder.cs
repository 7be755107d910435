using SkiaSharp;
using SpeechDisentangle.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// Makes an MNIST-M-style target domain (Ganin et al.): each digit d (28x28 in [0, 1]) is blended with a random
/// patch p of a random natural photo as |p_c - d| per RGB channel, giving [3, S, S] in [0, 1]. The photo and the
/// patch position of digit i depend only on the seed and i's position in the input, so output repeats.
/// </summary>
public sealed class MnistMBuilder
{
    readonly MnistMOptions _options;
    readonly string[] _photos;

    /// <exception cref="DirectoryNotFoundException">The photo folder does not exist.</exception>
    /// <exception cref="InvalidDataException">The folder holds no photos.</exception>
    public MnistMBuilder(MnistMOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        if (!Directory.Exists(options.PhotoFolder))
            throw new DirectoryNotFoundException($"MNIST-M photo folder '{options.PhotoFolder}' does not exist (Debian: apt-get install mate-backgrounds fills /usr/share/backgrounds)");
        _photos = SkiaImages.Under(options.PhotoFolder);
        if (_photos.Length == 0)
            throw new InvalidDataException($"MNIST-M photo folder '{options.PhotoFolder}' holds no .jpg, .jpeg or .png photos");
    }

    /// <summary>The photos patches are drawn from, in the order the seed indexes them.</summary>
    public IReadOnlyList<string> Photos => _photos;

    /// <summary>Blends digits [N, 28, 28] or [N, 1, 28, 28] (float, in [0, 1]) into MNIST-M images [N, 3, S, S] float32.</summary>
    public Tensor Build(Tensor digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var pixels = ReadDigits(digits, out int count);
        int size = _options.Size, border = (size - 28) / 2, plane = size * size;
        var output = new float[count * 3 * plane];

        // Draw every random choice up front in digit order, then visit each photo once.
        var rng = new Random(_options.Seed);
        var picks = new (int Photo, double U, double V)[count];
        for (int i = 0; i < count; i++) picks[i] = (rng.Next(_photos.Length), rng.NextDouble(), rng.NextDouble());

        foreach (var group in Enumerable.Range(0, count).GroupBy(i => picks[i].Photo))
        {
            using var photo = LoadPhoto(_photos[group.Key]);
            var bytes = photo.GetPixelSpan();
            int rowBytes = photo.RowBytes;
            foreach (int i in group)
            {
                int left = (int)(picks[i].U * (photo.Width - size + 1));
                int top = (int)(picks[i].V * (photo.Height - size + 1));
                for (int y = 0; y < size; y++)
                {
                    for (int x = 0; x < size; x++)
                    {
                        int dy = y - border, dx = x - border;
                        float d = dy is >= 0 and < 28 && dx is >= 0 and < 28 ? pixels[i * 784 + dy * 28 + dx] : 0f;
                        int src = (top + y) * rowBytes + (left + x) * 4;
                        for (int c = 0; c < 3; c++)
                            output[(i * 3 + c) * plane + y * size + x] = Math.Abs(bytes[src + c] / 255f - d);
                    }
                }
            }
        }
        return tensor(output, [count, 3, size, size]);
    }

    static float[] ReadDigits(Tensor digits, out int count)
    {
        bool shaped = (digits.dim() == 3 && digits.shape[1] == 28 && digits.shape[2] == 28)
            || (digits.dim() == 4 && digits.shape[1] == 1 && digits.shape[2] == 28 && digits.shape[3] == 28);
        if (!shaped || !digits.is_floating_point())
            throw new ArgumentException($"digits must be float [N, 28, 28] or [N, 1, 28, 28] (got {digits.dtype} [{string.Join(", ", digits.shape)}])", nameof(digits));
        var values = digits.detach().cpu().to(ScalarType.Float32).contiguous().data<float>().ToArray();
        for (int k = 0; k < values.Length; k++)
        {
            if (!(values[k] >= 0f && values[k] <= 1f))
                throw new ArgumentException($"digits must lie in [0, 1]; digit {k / 784} has {values[k]} at pixel {k % 784}", nameof(digits));
        }
        count = (int)digits.shape[0];
        return values;
    }

    SKBitmap LoadPhoto(string path)
    {
        var bitmap = SkiaImages.Decode(path);
        int longer = Math.Max(bitmap.Width, bitmap.Height);
        if (_options.MaxPhotoSide > 0 && longer > _options.MaxPhotoSide)
        {
            double scale = (double)_options.MaxPhotoSide / longer;
            bitmap = SkiaImages.Resize(bitmap, Math.Max(1, (int)(bitmap.Width * scale)), Math.Max(1, (int)(bitmap.Height * scale)), path);
        }
        if (bitmap.Width < _options.Size || bitmap.Height < _options.Size)
        {
            var (w, h) = (bitmap.Width, bitmap.Height);
            bitmap.Dispose();
            throw new InvalidDataException($"'{path}': {w}x{h} is smaller than a {_options.Size}x{_options.Size} patch");
        }
        return bitmap;
    }
}

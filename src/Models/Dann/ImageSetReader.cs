using System.Globalization;
using System.Runtime.InteropServices;
using SkiaSharp;
using SpeechDisentangle.Models.Common.Mnist;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// Reads a user's image set for <see cref="DannMnistTask"/>: a folder of PNG/JPEG images (labelled: one sub-folder
/// per class, named by the class; unlabelled: any images at any depth) or an IDX3 images file (labelled: with the
/// IDX1 labels file beside it, named as MNIST's: X-images-idx3-ubyte -> X-labels-idx1-ubyte, optionally .gz).
/// Every image is decoded to RGB (alpha dropped; gray and IDX images give three equal channels), resized to S x S
/// without keeping its aspect ratio, converted per <see cref="ImageInput.Color"/> and scaled to [0, 1]. Folder files
/// are read in an order shuffled with a fixed seed, so a limit takes a mix of classes and reruns see the same images.
/// </summary>
static class ImageSetReader
{
    const int ShuffleSeed = 0;

    /// <summary>A labelled set (folder of class folders, or IDX images + labels); at most <paramref name="limit"/> images (0 = all).</summary>
    public static ImageSet ReadLabelled(string path, string key, ImageInput input, int limit, bool skipUnreadable) =>
        Read(path, key, input, limit, skipUnreadable, labelled: true);

    /// <summary>An unlabelled set (folder of images at any depth, or an IDX images file; labels are not read).</summary>
    public static ImageSet ReadUnlabelled(string path, string key, ImageInput input, int limit, bool skipUnreadable) =>
        Read(path, key, input, limit, skipUnreadable, labelled: false);

    static ImageSet Read(string path, string key, ImageInput input, int limit, bool skipUnreadable, bool labelled)
    {
        if (Directory.Exists(path)) return ReadFolder(path, key, input, limit, skipUnreadable, labelled);
        if (File.Exists(path)) return ReadIdx(path, key, input, limit, labelled);
        throw new DirectoryNotFoundException(
            $"{key}: '{path}' does not exist (give a folder of PNG/JPEG images{(labelled ? " with one sub-folder per class" : "")}, or an IDX3 images file)");
    }

    static ImageSet ReadFolder(string root, string key, ImageInput input, int limit, bool skipUnreadable, bool labelled)
    {
        string[] classNames = [];
        var files = new List<(string File, int Label)>();
        if (labelled)
        {
            var folders = Directory.GetDirectories(root);
            if (folders.Length == 0)
                throw new InvalidDataException($"{key}: '{root}' has no class sub-folders; a labelled set needs one sub-folder of images per class");
            classNames = InClassOrder(folders.Select(Path.GetFileName).OfType<string>());
            for (int c = 0; c < classNames.Length; c++)
            {
                string folder = Path.Combine(root, classNames[c]);
                var images = SkiaImages.Under(folder);
                if (images.Length == 0)
                    throw new InvalidDataException($"{key}: class folder '{folder}' holds no .png, .jpg or .jpeg images");
                files.AddRange(images.Select(f => (f, c)));
            }
        }
        else
        {
            files.AddRange(SkiaImages.Under(root).Select(f => (f, -1)));
            if (files.Count == 0) throw new InvalidDataException($"{key}: '{root}' holds no .png, .jpg or .jpeg images");
        }
        var order = files.ToArray();
        new Random(ShuffleSeed).Shuffle(order);
        if (limit > 0 && limit < order.Length) order = order[..limit];

        int plane = 3 * input.Size * input.Size;
        var pixels = new List<float>(order.Length * plane);
        var labels = new List<int>(order.Length);
        var sizes = new HashSet<(int, int)>();
        var skipped = new List<string>();
        var one = new float[plane];
        foreach (var (file, label) in order)
        {
            SKBitmap bitmap;
            try
            {
                bitmap = SkiaImages.Decode(file);
            }
            catch (InvalidDataException) when (skipUnreadable)
            {
                skipped.Add(file);
                continue;
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{key}: {e.Message}; remove the file or set data.skip_unreadable: true to leave such files out", e);
            }
            sizes.Add((bitmap.Width, bitmap.Height));
            using (var resized = SkiaImages.Resize(bitmap, input.Size, input.Size, file)) Convert(resized, input.Color, one);
            pixels.AddRange(one);
            labels.Add(label);
        }
        if (labels.Count == 0) throw new InvalidDataException($"{key}: none of the {order.Length} image files under '{root}' could be read");
        return new ImageSet(key, root, labels.Count, [.. pixels], labelled ? [.. labels] : null, classNames, [.. sizes.Order()], skipped);
    }

    static ImageSet ReadIdx(string imagesPath, string key, ImageInput input, int limit, bool labelled)
    {
        IdxImages images;
        byte[]? labelBytes = null;
        string? labelsPath = labelled ? LabelsBeside(imagesPath, key) : null;
        try
        {
            if (labelsPath is not null) (images, labelBytes) = MnistIdx.ReadPair(imagesPath, labelsPath);
            else images = MnistIdx.ReadImages(imagesPath);
        }
        catch (Exception e) when (e is InvalidDataException or FileNotFoundException)
        {
            throw new InvalidDataException($"{key}: {e.Message}", e);
        }
        int count = limit > 0 ? Math.Min(limit, images.Count) : images.Count;
        if (count == 0) throw new InvalidDataException($"{key}: '{imagesPath}' holds no images");
        int plane = 3 * input.Size * input.Size;
        var pixels = new float[count * plane];
        var one = new float[plane];
        for (int i = 0; i < count; i++)
        {
            using var resized = SkiaImages.Resize(GrayBitmap(images.Image(i), images.Columns, images.Rows), input.Size, input.Size, imagesPath);
            Convert(resized, input.Color, one);
            one.CopyTo(pixels, i * plane);
        }
        string[] classNames = [];
        int[]? labels = null;
        if (labelBytes is not null)
        {
            var values = labelBytes[..count];
            classNames = InClassOrder(values.Distinct().Select(v => v.ToString(CultureInfo.InvariantCulture)));
            var index = classNames.Select((name, c) => (name, c)).ToDictionary(p => byte.Parse(p.name, CultureInfo.InvariantCulture), p => p.c);
            labels = values.Select(v => index[v]).ToArray();
        }
        return new ImageSet(key, imagesPath, count, pixels, labels, classNames, [(images.Columns, images.Rows)], []);
    }

    /// <summary>MNIST's naming: the labels of X-images-idx3-ubyte[.gz] are X-labels-idx1-ubyte[.gz] in the same folder.</summary>
    static string LabelsBeside(string imagesPath, string key)
    {
        const string images = "images-idx3";
        string name = Path.GetFileName(imagesPath);
        int at = name.IndexOf(images, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
            throw new InvalidDataException($"{key}: '{imagesPath}' is read as an IDX images file, but its name has no '{images}' to find its labels by (name the pair as MNIST does: X-images-idx3-ubyte and X-labels-idx1-ubyte)");
        return Path.Combine(Path.GetDirectoryName(imagesPath) ?? "", name[..at] + "labels-idx1" + name[(at + images.Length)..]);
    }

    /// <summary>Class names by number when all are integers (so "10" follows "9"), else in ordinal order.</summary>
    static string[] InClassOrder(IEnumerable<string> names)
    {
        var all = names.ToArray();
        return all.All(n => long.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            ? [.. all.OrderBy(n => long.Parse(n, CultureInfo.InvariantCulture))]
            : [.. all.Order(StringComparer.Ordinal)];
    }

    /// <summary>An IDX image (one byte per pixel) as an RGBA bitmap with three equal channels.</summary>
    static SKBitmap GrayBitmap(ReadOnlySpan<byte> gray, int width, int height)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var row = new byte[width * 4];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                byte v = gray[y * width + x];
                (row[4 * x], row[4 * x + 1], row[4 * x + 2], row[4 * x + 3]) = (v, v, v, 255);
            }
            Marshal.Copy(row, 0, bitmap.GetPixels() + y * bitmap.RowBytes, row.Length);
        }
        return bitmap;
    }

    /// <summary>Writes an RGBA bitmap as [3, H, W] floats in [0, 1] (alpha dropped), as luma in every channel for gray.</summary>
    static void Convert(SKBitmap bitmap, DannImageColor color, float[] output)
    {
        var bytes = bitmap.GetPixelSpan();
        int width = bitmap.Width, height = bitmap.Height, plane = width * height, rowBytes = bitmap.RowBytes;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int at = y * rowBytes + 4 * x, to = y * width + x;
                float r = bytes[at] / 255f, g = bytes[at + 1] / 255f, b = bytes[at + 2] / 255f;
                if (color == DannImageColor.Gray) r = g = b = 0.299f * r + 0.587f * g + 0.114f * b;
                (output[to], output[plane + to], output[2 * plane + to]) = (r, g, b);
            }
        }
    }
}

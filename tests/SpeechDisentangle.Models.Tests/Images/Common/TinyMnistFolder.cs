using SpeechDisentangle.Models.Common.Mnist;

namespace SpeechDisentangle.Models.Tests.Images.Common;

/// <summary>Writes a tiny MNIST-layout IDX folder (bar images of <see cref="SyntheticDigits"/>) for end-to-end task runs.</summary>
internal static class TinyMnistFolder
{
    public static void Write(string folder, int trainPerClass = 10, int testPerClass = 2)
    {
        Directory.CreateDirectory(folder);
        WriteSplit(folder, "train", trainPerClass, seed: 1);
        WriteSplit(folder, "t10k", testPerClass, seed: 2);
    }

    static void WriteSplit(string folder, string prefix, int perClass, int seed)
    {
        var (x, y) = SyntheticDigits.Make(perClass, seed);
        using (x)
        using (y)
        {
            var pixels = ((x + 1) * 127.5).round().to_type(TorchSharp.torch.ScalarType.Byte).data<byte>().ToArray();
            var labels = y.to_type(TorchSharp.torch.ScalarType.Byte).data<byte>().ToArray();
            MnistIdx.WriteImages(Path.Combine(folder, $"{prefix}-images-idx3-ubyte"), new IdxImages((int)x.shape[0], 28, 28, pixels));
            MnistIdx.WriteLabels(Path.Combine(folder, $"{prefix}-labels-idx1-ubyte"), labels);
        }
    }
}

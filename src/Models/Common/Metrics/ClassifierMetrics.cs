using SpeechDisentangle.Models.Common.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Metrics;

/// <summary>Accuracy of a classifier on a labelled image set, evaluated in chunks.</summary>
public static class ClassifierMetrics
{
    /// <summary>
    /// Fraction of <paramref name="x"/> [N, 1, 28, 28] whose argmax logit equals <paramref name="y"/> (int64 [N]).
    /// <paramref name="logits"/> maps an image chunk on the module's device to [n, classes] logits.
    /// </summary>
    public static double Accuracy(nn.Module module, Func<Tensor, Tensor> logits, Tensor x, Tensor y, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (y.shape[0] != x.shape[0]) throw new ArgumentException($"{x.shape[0]} images but {y.shape[0]} labels");
        using var predicted = module.MapInChunks(x, chunk => logits(chunk).argmax(1), batchSize);
        using var right = predicted.eq(y.cpu());
        return right.to_type(ScalarType.Float64).mean().item<double>();
    }
}

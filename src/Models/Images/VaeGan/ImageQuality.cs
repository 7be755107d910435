using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Images.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>Reconstruction error and Frechet distance for image generators.</summary>
public static class ImageQuality
{
    /// <summary>Mean squared pixel error (in the [-1, 1] image scale) of the model's reconstructions of <paramref name="x"/>.</summary>
    public static double ReconstructionMse(IImageAutoencoder model, Tensor x, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(x);
        using var reconstruction = model.Reconstruct(x, batchSize);
        using var error = (reconstruction - x.cpu()).pow(2).mean();
        return error.item<float>();
    }

    /// <summary>
    /// Frechet distance between real and generated images in the penultimate feature space of a trained
    /// <see cref="MnistFeatureClassifier"/> (an MNIST analogue of FID). Both sets [N, 1, 28, 28] in [-1, 1].
    /// </summary>
    public static double FrechetDistance(MnistFeatureClassifier classifier, Tensor realImages, Tensor generatedImages, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        using var real = classifier.MapInChunks(realImages, classifier.Features, batchSize);
        using var generated = classifier.MapInChunks(generatedImages, classifier.Features, batchSize);
        return Models.Common.Metrics.FrechetDistance.FromFeatures(real, generated);
    }
}

using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images;

/// <summary>How well BiGAN's encoder features separate classes.</summary>
/// <param name="NearestNeighbour">Test accuracy of 1-NN on E(x).</param>
/// <param name="Logistic">Test accuracy of logistic regression on E(x).</param>
public sealed record EncoderProbeResult(double NearestNeighbour, double Logistic);

/// <summary>Probes BiGAN's encoder: features of train images fit the probes, test images score them.</summary>
public static class BiGanMetrics
{
    public static EncoderProbeResult ProbeEncoder(BiGan model, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY, LogisticProbeOptions? logistic = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var trainFeatures = model.Encode(trainX);
        using var testFeatures = model.Encode(testX);
        return new EncoderProbeResult(
            FeatureProbes.NearestNeighbourAccuracy(trainFeatures, trainY.cpu(), testFeatures, testY.cpu()),
            FeatureProbes.LogisticRegressionAccuracy(trainFeatures, trainY.cpu(), testFeatures, testY.cpu(), logistic));
    }
}

using SpeechDisentangle.Models.Common.Probes;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.BiGan;

/// <summary>How well BiGAN's encoder features separate classes.</summary>
/// <param name="NearestNeighbour">Test accuracy of 1-NN on E(x).</param>
/// <param name="Logistic">Test accuracy of logistic regression on E(x).</param>
/// <param name="NearestNeighbourHidden">
/// Test accuracy of 1-NN on E's last hidden layer: what the BiGAN reference code reports beside E(x) ("NNC_e-";
/// its 1-NN on E(x) is "NNC_e"), and the higher of the two there.
/// </param>
/// <param name="NearestNeighbourPixels">Test accuracy of 1-NN on raw pixels: the baseline an encoder should beat.</param>
public sealed record EncoderProbeResult(double NearestNeighbour, double Logistic, double NearestNeighbourHidden, double NearestNeighbourPixels);

/// <summary>Probes BiGAN's encoder: features of train images fit the probes, test images score them.</summary>
public static class BiGanMetrics
{
    public static EncoderProbeResult ProbeEncoder(BiGan model, Tensor trainX, Tensor trainY, Tensor testX, Tensor testY, LogisticProbeOptions? logistic = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trainX);
        ArgumentNullException.ThrowIfNull(testX);
        using var trainFeatures = model.Encode(trainX);
        using var testFeatures = model.Encode(testX);
        using var trainHidden = model.EncodeFeatures(trainX);
        using var testHidden = model.EncodeFeatures(testX);
        using var trainPixels = trainX.cpu().flatten(1);
        using var testPixels = testX.cpu().flatten(1);
        using var trainLabels = trainY.cpu();
        using var testLabels = testY.cpu();
        return new EncoderProbeResult(
            FeatureProbes.NearestNeighbourAccuracy(trainFeatures, trainLabels, testFeatures, testLabels),
            FeatureProbes.LogisticRegressionAccuracy(trainFeatures, trainLabels, testFeatures, testLabels, logistic),
            FeatureProbes.NearestNeighbourAccuracy(trainHidden, trainLabels, testHidden, testLabels),
            FeatureProbes.NearestNeighbourAccuracy(trainPixels, trainLabels, testPixels, testLabels));
    }
}

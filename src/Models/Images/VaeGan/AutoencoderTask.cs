using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.VaeGan;

/// <summary>
/// What the VAE and VAE-GAN tasks share: test reconstruction MSE, the Frechet distance of samples to the test
/// images on the features of a trained mnist-classifier (data.classifier_checkpoint; skipped when not given), a
/// samples grid and test images beside their reconstructions.
/// </summary>
public abstract class AutoencoderTask<TOptions, TModel> : ModelTask<TOptions, TModel>, ISamplingTask
    where TOptions : class, IValidatable, new()
    where TModel : ITrainable, IImageAutoencoder
{
    /// <summary>Seed of the samples the Frechet distance and the pictures use, so eval repeats training's figures.</summary>
    const long SampleSeed = 1234;

    public override TaskData LoadData(string dataPath, RunConfig config) => MnistTaskData.Standard(dataPath, config, withLabels: false);

    public Tensor Sample(ITrainable model, int n, Generator? generator) => ((TModel)model).Sample(n, generator);

    protected override IReadOnlyDictionary<string, double> Evaluate(TModel model, TaskData data, RunConfig config, TextWriter log)
    {
        var testX = data.Get("test_x");
        var metrics = new Dictionary<string, double> { ["recon_mse"] = ImageQuality.ReconstructionMse(model, testX) };
        var checkpoint = MnistTaskData.Options(config).ClassifierCheckpoint;
        if (string.IsNullOrEmpty(checkpoint))
        {
            log.WriteLine($"{Name}: no data.classifier_checkpoint given, so the Frechet distance is skipped");
            return metrics;
        }
        using var classifier = FrechetClassifier.Load(checkpoint);
        using var samples = model.Sample((int)testX.shape[0], random.manual_seed(SampleSeed));
        metrics["frechet_distance"] = ImageQuality.FrechetDistance(classifier, testX, samples);
        return metrics;
    }

    protected override IReadOnlyList<string> Draw(TModel model, TaskData data, string outDir)
    {
        using var samples = model.Sample(100, random.manual_seed(SampleSeed));
        using var originals = data.Get("test_x").narrow(0, 0, Math.Min(40, data.Get("test_x").shape[0] / 10 * 10));
        using var reconstructions = model.Reconstruct(originals);
        return
        [
            ImageTaskPictures.SaveGrid(Path.Combine(outDir, "samples.png"), samples, 10, $"{Name}: samples, z ~ N(0, I)"),
            ImageTaskPictures.SaveReconstructions(Path.Combine(outDir, "reconstructions.png"), originals, reconstructions, 10,
                $"{Name}: test images and their reconstructions"),
        ];
    }
}

using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.BiGan;

/// <summary>
/// BiGAN on MNIST: class information in E(x), probed by 1-NN and logistic regression (train -> test); also 1-NN on
/// E's last hidden layer (as the reference code reports) and on raw pixels (the baseline).
/// </summary>
public sealed class BiGanTask : ModelTask<BiGanOptions, BiGan>, ISamplingTask
{
    const long SampleSeed = 1234;

    public override string Name => "bigan";
    public override string Description => "BiGAN / ALI (Donahue et al. 2017): generator, encoder and a joint (x, z) discriminator.";

    protected override BiGan Create(BiGanOptions options) => new(new BiGanNet(options));

    public override TaskData LoadData(string dataPath, RunConfig config) => MnistTaskData.Standard(dataPath, config, withLabels: false);

    public Tensor Sample(ITrainable model, int n, Generator? generator) => ((BiGan)model).Sample(n, generator);

    protected override IReadOnlyDictionary<string, double> Evaluate(BiGan model, TaskData data, RunConfig config, TextWriter log)
    {
        var probe = BiGanMetrics.ProbeEncoder(model, data.Get("train_x"), data.Get("train_y"), data.Get("test_x"), data.Get("test_y"));
        return new Dictionary<string, double>
        {
            ["knn1_accuracy"] = probe.NearestNeighbour,
            ["logistic_accuracy"] = probe.Logistic,
            ["knn1_accuracy_hidden"] = probe.NearestNeighbourHidden,
            ["knn1_accuracy_pixels"] = probe.NearestNeighbourPixels,
        };
    }

    protected override IReadOnlyList<string> Draw(BiGan model, TaskData data, string outDir)
    {
        var testX = data.Get("test_x");
        using var originals = testX.narrow(0, 0, Math.Min(40, testX.shape[0] / 10 * 10));
        using var reconstructions = model.Model.MapInChunks(originals, x => model.Model.Generator.forward(model.Model.Encoder.forward(x)));
        using var samples = model.Sample(100, random.manual_seed(SampleSeed));
        return
        [
            ImageTaskPictures.SaveGrid(Path.Combine(outDir, "samples.png"), samples, 10, "BiGAN: samples G(z)"),
            ImageTaskPictures.SaveReconstructions(Path.Combine(outDir, "reconstructions.png"), originals, reconstructions, 10,
                "BiGAN: test images x and G(E(x))"),
        ];
    }
}

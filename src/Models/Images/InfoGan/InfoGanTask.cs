using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.InfoGan;

/// <summary>InfoGAN on MNIST: categorical-code accuracy (Hungarian mapping) and latent traversal grids.</summary>
public sealed class InfoGanTask : ModelTask<InfoGanOptions, InfoGan>, ISamplingTask
{
    public override string Name => "infogan";
    public override string Description => "InfoGAN (Chen et al. 2016): 62-d noise, 10-way categorical and 2 continuous codes.";

    protected override InfoGan Create(InfoGanOptions options) => new(new InfoGanNet(options));

    public override TaskData LoadData(string dataPath, RunConfig config) => MnistTaskData.Standard(dataPath, config, withLabels: false);

    public Tensor Sample(ITrainable model, int n, Generator? generator) => ((InfoGan)model).Sample(n, generator);

    protected override IReadOnlyDictionary<string, double> Evaluate(InfoGan model, TaskData data, RunConfig config, TextWriter log)
    {
        var result = InfoGanMetrics.CategoricalAccuracy(model, data.Get("test_x"), data.Get("test_y"));
        log.WriteLine($"infogan: code -> digit mapping {string.Join(" ", result.CodeToDigit.Select((d, c) => $"{c}:{d}"))}");
        return new Dictionary<string, double>
        {
            ["categorical_accuracy"] = result.Accuracy,
            // Label-free: Q's information about its code on the training images, to choose among runs.
            ["q_train_information"] = InfoGanMetrics.RealCodeInformation(model, data.Get("train_x")),
        };
    }

    protected override IReadOnlyList<string> Draw(InfoGan model, TaskData data, string outDir)
    {
        using var samples = model.Sample(100, random.manual_seed(1234));
        var paths = new List<string> { ImageTaskPictures.SaveGrid(Path.Combine(outDir, "samples.png"), samples, 10, "InfoGAN: samples, random codes") };
        string categoriesPath = Path.Combine(outDir, "categories.png");
        ImageGridPictures.Save(categoriesPath, InfoGanMetrics.CategoryGrid(model, columns: 10, generator: random.manual_seed(99)),
            "InfoGAN: rows = categorical code, columns = noise draws");
        paths.Add(categoriesPath);
        for (int c = 0; c < model.Options.ContinuousCodes; c++)
        {
            var grid = InfoGanMetrics.TraversalGrid(model, c, columns: 9, from: -2, to: 2, generator: random.manual_seed(c));
            string path = Path.Combine(outDir, $"traversal_c{c + 1}.png");
            ImageGridPictures.Save(path, grid, $"InfoGAN: rows = categorical code, columns = c{c + 1} from -2 to 2");
            paths.Add(path);
        }
        return paths;
    }
}

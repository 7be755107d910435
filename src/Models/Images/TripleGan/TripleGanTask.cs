using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>Triple-GAN on MNIST with few labels: test error of the classifier C, class-conditional samples.</summary>
public sealed class TripleGanTask : ModelTask<TripleGanOptions, TripleGan>, ISamplingTask
{
    const long SampleSeed = 1234;

    public override string Name => "triplegan";
    public override string Description => "Triple-GAN (Li et al. 2017): semi-supervised classifier + conditional generator + joint discriminator.";

    protected override TripleGan Create(TripleGanOptions options) => new(new TripleGanNet(options));

    public override TaskData LoadData(string dataPath, RunConfig config) => SemiSupervisedTaskData.Load(dataPath, config);

    public Tensor Sample(ITrainable model, int n, Generator? generator)
    {
        var tripleGan = (TripleGan)model;
        using var labels = arange(n, dtype: ScalarType.Int64).remainder(tripleGan.Options.Classes);
        return tripleGan.Sample(labels, generator);
    }

    protected override IReadOnlyDictionary<string, double> Evaluate(TripleGan model, TaskData data, RunConfig config, TextWriter log)
    {
        double error = model.TestError(data.Get("test_x"), data.Get("test_y"));
        return new Dictionary<string, double> { ["test_error"] = error, ["test_accuracy"] = 1 - error };
    }

    protected override IReadOnlyList<string> Draw(TripleGan model, TaskData data, string outDir)
    {
        int classes = model.Options.Classes;
        // Row c holds class c: labels repeat each class 10 times in a row.
        using var labels = arange(classes * 10, dtype: ScalarType.Int64).div(10, rounding_mode: RoundingMode.floor);
        using var samples = model.Sample(labels, random.manual_seed(SampleSeed));
        var rowLabels = Enumerable.Range(0, classes).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
        return [ImageTaskPictures.SaveGrid(Path.Combine(outDir, "class_samples.png"), samples, 10, "Triple-GAN: G(z, y), rows = class y", rowLabels)];
    }
}

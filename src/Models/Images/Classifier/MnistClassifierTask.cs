using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Images.Common;

namespace SpeechDisentangle.Models.Images.Classifier;

/// <summary>The small MNIST CNN whose features the Frechet distance of the VAE tasks is measured on.</summary>
public sealed class MnistClassifierTask : ModelTask<MnistClassifierOptions, ClassifierObjective>
{
    public override string Name => "mnist-classifier";
    public override string Description => "Small MNIST CNN classifier (features for the Frechet distance).";

    protected override ClassifierObjective Create(MnistClassifierOptions options) => new(new MnistFeatureClassifier(options));

    public override TaskData LoadData(string dataPath, RunConfig config) => MnistTaskData.Standard(dataPath, config, withLabels: true);

    protected override IReadOnlyDictionary<string, double> Evaluate(ClassifierObjective model, TaskData data, RunConfig config, TextWriter log)
    {
        double accuracy = ClassifierMetrics.Accuracy(model.Model, x => model.Model.call(x), data.Get("test_x"), data.Get("test_y"));
        return new Dictionary<string, double> { ["test_accuracy"] = accuracy };
    }
}

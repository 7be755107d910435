using SpeechDisentangle.Models.Config;
using SpeechDisentangle.Models.Images;

namespace SpeechDisentangle.Models.Tasks.Images;

/// <summary>Triple-GAN's classifier trained on the few labelled images alone: what the unlabelled data must beat.</summary>
public sealed class TripleGanBaselineTask : ModelTask<TripleGanOptions, ClassifierObjective>
{
    public override string Name => "triplegan-baseline";
    public override string Description => "Triple-GAN's classifier trained on the labelled images alone (data.labels_per_class per class).";

    protected override void Validate(TripleGanOptions options) => options.Validate();

    protected override ClassifierObjective Create(TripleGanOptions options) => TripleGanBaseline.Create(options);

    public override TaskData LoadData(string dataPath, RunConfig config) => SemiSupervisedTaskData.Load(dataPath, config);

    protected override IReadOnlyDictionary<string, double> Evaluate(ClassifierObjective model, TaskData data, RunConfig config, TextWriter log)
    {
        double accuracy = ClassifierMetrics.Accuracy(model.Classifier, x => model.Classifier.call(x), data.Get("test_x"), data.Get("test_y"));
        return new Dictionary<string, double> { ["test_error"] = 1 - accuracy, ["test_accuracy"] = accuracy };
    }
}

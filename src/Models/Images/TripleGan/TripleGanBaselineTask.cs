using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>
/// Triple-GAN's classifier trained on the labelled images alone (same network, augmentation and optimizer; no GAN
/// terms, no unlabelled regularisers): what the unlabelled data must beat.
/// </summary>
public sealed class TripleGanBaselineTask : ModelTask<TripleGanOptions, TripleGan>
{
    public override string Name => "triplegan-baseline";
    public override string Description => "Triple-GAN's classifier trained on the labelled images alone (data.labels_per_class per class).";

    protected override TripleGan Create(TripleGanOptions options) => TripleGanBaseline.Create(options);

    public override TaskData LoadData(string dataPath, RunConfig config) => SemiSupervisedTaskData.Load(dataPath, config);

    protected override IReadOnlyDictionary<string, double> Evaluate(TripleGan model, TaskData data, RunConfig config, TextWriter log)
    {
        double error = model.TestError(data.Get("test_x"), data.Get("test_y"));
        return new Dictionary<string, double> { ["test_error"] = error, ["test_accuracy"] = 1 - error };
    }
}

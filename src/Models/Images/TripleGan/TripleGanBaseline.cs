using SpeechDisentangle.Models.Training;

namespace SpeechDisentangle.Models.Images;

/// <summary>
/// The comparison for Triple-GAN: the same classifier network trained only on the labelled images, read from the
/// same batch keys ("xl", "yl"), so one data source feeds both. One turn and optimizer "main".
/// </summary>
public static class TripleGanBaseline
{
    public static ClassifierObjective Create(TripleGanOptions? options = null)
    {
        options ??= new TripleGanOptions();
        options.Validate();
        return new ClassifierObjective(new MnistFeatureClassifier(options.Classifier), options.ClassifierOptimizer, imageKey: "xl", labelKey: "yl");
    }
}

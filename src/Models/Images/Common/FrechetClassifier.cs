using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>Loads the trained `mnist-classifier` whose features the Frechet distance is measured on.</summary>
public static class FrechetClassifier
{
    /// <summary>The classifier of the experiment that <paramref name="checkpoint"/> belongs to.</summary>
    public static MnistFeatureClassifier Load(string checkpoint)
    {
        var experiment = Experiment.Load(checkpoint);
        if (experiment.Model is not ClassifierObjective objective)
            throw new ArgumentException($"data.classifier_checkpoint '{checkpoint}' is a '{experiment.Task.Name}' model, not an mnist-classifier");
        objective.Model.eval();
        return objective.Model;
    }
}

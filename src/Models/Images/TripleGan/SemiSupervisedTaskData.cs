using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>
/// MNIST for the semi-supervised tasks: data.labels_per_class labelled training images per class (picked with
/// data.label_seed) in every batch as "xl", "yl", and all training images as the unlabelled "x".
/// </summary>
public static class SemiSupervisedTaskData
{
    public static TaskData Load(string folder, RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var options = MnistTaskData.Options(config);
        var (trainX, trainY, testX, testY) = MnistTaskData.Load(folder, config);
        var labels = trainY.data<long>().ToArray();
        var labelled = LabelledSubset.Select(labels, options.LabelsPerClass, classes: 10, seed: options.LabelSeed);
        var source = new SemiSupervisedBatchSource(trainX, trainY, labelled, config.Trainer.BatchSize, options.LabelledBatchSize);
        var tensors = new Dictionary<string, TorchSharp.torch.Tensor> { ["train_x"] = trainX, ["train_y"] = trainY, ["test_x"] = testX, ["test_y"] = testY };
        return new TaskData(source, null, tensors);
    }
}

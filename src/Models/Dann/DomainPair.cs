using System.Globalization;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// The images of a DANN image run, [N, 3, S, S] float32 in [0, 1] with int64 labels: labelled source training
/// images, unlabelled target training images, and labelled test images of both domains.
/// </summary>
sealed record DomainPair(Tensor SourceTrain, Tensor SourceTrainY, Tensor TargetTrain, Tensor SourceTest, Tensor SourceTestY,
    Tensor TargetTest, Tensor TargetTestY)
{
    /// <summary>
    /// The user's own pair named by data.source, data.target, data.target_test (and data.source_test; without it the
    /// source "test" is the source training set). Labels are source class indices: target test classes are matched
    /// to source classes by name. Relative paths are taken from <paramref name="dataPath"/>.
    /// </summary>
    public static DomainPair Load(string dataPath, DannMnistDataOptions o, int classes, TextWriter log)
    {
        var input = new ImageInput(o.ImageSize, o.Color);
        string Resolve(string p) => Path.Combine(dataPath, p);
        var source = ImageSetReader.ReadLabelled(Resolve(o.Source), "data.source", input, o.TrainLimit, o.SkipUnreadable);
        if (source.ClassNames.Count > classes)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"data.source '{source.Path}' has {source.ClassNames.Count} classes but model_options.classes is {classes}; set model_options.classes: {source.ClassNames.Count}"));
        var target = ImageSetReader.ReadUnlabelled(Resolve(o.Target), "data.target", input, o.TrainLimit, o.SkipUnreadable);
        var targetTest = ImageSetReader.ReadLabelled(Resolve(o.TargetTest), "data.target_test", input, o.TestLimit, o.SkipUnreadable);
        var sourceTest = o.SourceTest.Length > 0
            ? ImageSetReader.ReadLabelled(Resolve(o.SourceTest), "data.source_test", input, o.TestLimit, o.SkipUnreadable)
            : source;
        foreach (var set in new[] { source, target, targetTest }.Concat(o.SourceTest.Length > 0 ? [sourceTest] : []))
            log.WriteLine($"dann-mnist: {set.Summary(o.ImageSize)}");

        var sourceX = Images(source, o.ImageSize);
        var sourceY = tensor(source.Labels!.Select(l => (long)l).ToArray());
        return new DomainPair(sourceX, sourceY, Images(target, o.ImageSize),
            ReferenceEquals(sourceTest, source) ? sourceX : Images(sourceTest, o.ImageSize), SourceLabels(sourceTest, source),
            Images(targetTest, o.ImageSize), SourceLabels(targetTest, source));
    }

    static Tensor Images(ImageSet set, int size) => tensor(set.Pixels, [set.Count, 3, size, size]);

    /// <summary>A labelled set's labels as indices of the source's classes, matched by class name.</summary>
    static Tensor SourceLabels(ImageSet set, ImageSet source)
    {
        var index = source.ClassNames.Select((name, c) => (name, c)).ToDictionary(p => p.name, p => (long)p.c, StringComparer.Ordinal);
        var unknown = set.ClassNames.Where(n => !index.ContainsKey(n)).ToArray();
        if (unknown.Length > 0)
            throw new InvalidDataException(
                $"{set.Key} '{set.Path}' has classes the source does not: {string.Join(", ", unknown)} (data.source '{source.Path}' has {string.Join(", ", source.ClassNames)})");
        return tensor(set.Labels!.Select(l => index[set.ClassNames[l]]).ToArray());
    }
}

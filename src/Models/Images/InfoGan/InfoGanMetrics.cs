using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Images.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.InfoGan;

/// <summary>Accuracy of an unsupervised code as a classifier, with the code -> digit mapping that achieved it.</summary>
public sealed record CodeAccuracy(double Accuracy, int[] CodeToDigit);

/// <summary>InfoGAN evaluation: the categorical code as a digit classifier, and latent traversals.</summary>
public static class InfoGanMetrics
{
    /// <summary>
    /// Classifies test images by argmax Q(x) over the categorical code and scores it under the best one-to-one
    /// code -> digit mapping (Hungarian algorithm). <paramref name="x"/> [N, 1, 28, 28] in [-1, 1], <paramref name="y"/> int64 [N].
    /// </summary>
    public static CodeAccuracy CategoricalAccuracy(InfoGan model, Tensor x, Tensor y, int digits = 10, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(y);
        using var codes = model.PredictCategory(x, batchSize);
        var predicted = codes.data<long>().Select(c => (int)c).ToArray();
        using var labels = y.cpu().to_type(ScalarType.Int64);
        var truth = labels.data<long>().Select(c => (int)c).ToArray();
        var (accuracy, mapping) = Hungarian.MappedAccuracy(predicted, truth, model.Options.Categories, digits);
        return new CodeAccuracy(accuracy, mapping);
    }

    /// <summary>
    /// Mutual information (nats) between images and Q's categorical code on unlabelled images: H(mean p(c|x)) −
    /// mean H(p(c|x)), at most ln(categories). High when Q puts the images into balanced, confident groups; it uses
    /// no labels, so it can choose among runs (the InfoGAN authors chose codes among several runs).
    /// </summary>
    public static double RealCodeInformation(InfoGan model, Tensor x, int batchSize = 256)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        var p = model.CategoryProbabilities(x, batchSize).to_type(ScalarType.Float64).clamp_min(1e-12);
        var marginal = p.mean([0]);
        var marginalEntropy = -(marginal * marginal.log()).sum();
        var conditionalEntropy = -(p * p.log()).sum(1).mean();
        return (marginalEntropy - conditionalEntropy).item<double>();
    }

    /// <summary>How often Q recovers the categorical code of the model's own samples (no mapping needed).</summary>
    public static double GeneratedCodeAccuracy(InfoGan model, int n, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var codes = InfoGanCodes.Draw(model.Options, n, model.Model.DeviceOf(), generator);
        using var images = model.Generate(codes);
        using var predicted = model.PredictCategory(images);
        using var right = predicted.eq(codes.Categories.cpu());
        return right.to_type(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>
    /// The categorical code's picture (the paper's "varying c1"): one row per category, one column per noise draw.
    /// Each column shares one noise draw down all rows and the continuous codes are 0, so down a column only the
    /// category changes: if the categories are digits, each row is one digit in ten styles.
    /// </summary>
    public static ImageGridData CategoryGrid(InfoGan model, int columns = 10, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 1);
        var options = model.Options;
        var rows = options.Categories;
        var device = model.Model.DeviceOf();
        using var scope = NewDisposeScope();
        var noise = InfoGanCodes.Draw(options, columns, device, generator).Noise.repeat(rows, 1);
        var categories = arange(rows, dtype: ScalarType.Int64, device: device).repeat_interleave(columns);
        var continuous = zeros([rows * columns, options.ContinuousCodes], device: device);
        using var images = model.Generate(new InfoGanCodes(noise, categories, continuous));
        return ImageGridData.FromImages(images, rows, columns);
    }

    /// <summary>
    /// Latent traversal: one row per category, one column per value of continuous code
    /// <paramref name="continuousIndex"/> swept evenly from <paramref name="from"/> to <paramref name="to"/>.
    /// The noise is one draw shared by the whole grid and the other continuous codes are 0, so only the
    /// category (down) and the swept code (across) change.
    /// </summary>
    public static ImageGridData TraversalGrid(InfoGan model, int continuousIndex, int columns = 9, double from = -2, double to = 2, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var options = model.Options;
        if (continuousIndex < 0 || continuousIndex >= options.ContinuousCodes)
            throw new ArgumentOutOfRangeException(nameof(continuousIndex), $"continuous code {continuousIndex} does not exist (the model has {options.ContinuousCodes})");
        ArgumentOutOfRangeException.ThrowIfLessThan(columns, 2);
        var rows = options.Categories;
        var device = model.Model.DeviceOf();
        using var scope = NewDisposeScope();
        var noise = InfoGanCodes.Draw(options, 1, device, generator).Noise.expand(rows * columns, -1);
        var categories = arange(rows, dtype: ScalarType.Int64, device: device).repeat_interleave(columns);
        var sweep = linspace(from, to, columns, device: device).repeat(rows);
        var continuous = zeros([rows * columns, options.ContinuousCodes], device: device);
        continuous[TensorIndex.Colon, continuousIndex] = sweep;
        using var images = model.Generate(new InfoGanCodes(noise, categories, continuous));
        return ImageGridData.FromImages(images, rows, columns);
    }
}

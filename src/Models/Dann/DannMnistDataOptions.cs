using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// `data:` options of the dann-mnist task: how much MNIST to use and how its MNIST-M target is made, or, with
/// <see cref="Source"/>, <see cref="Target"/> and <see cref="TargetTest"/> set, the user's own domain pair instead
/// (read by <see cref="ImageSetReader"/>; relative paths are taken from the --data folder).
/// </summary>
public sealed record DannMnistDataOptions : IValidatable
{
    /// <summary>Use only the first N training digits (0 = all; with an own pair: N source and N target images); for quick runs and tests.</summary>
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test digits (0 = all; with an own pair: of each test set).</summary>
    public int TestLimit { get; init; }

    /// <summary>Folder searched recursively for the photos MNIST-M patches come from (Debian: mate-backgrounds).</summary>
    public string PhotoFolder { get; init; } = "/usr/share/backgrounds";

    /// <summary>
    /// Image side for both domains: 28, or 32 (MNIST digits centred with a 2-pixel border, as in the paper; an own
    /// pair's images are all resized to this side).
    /// </summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Photos are scaled so their longer side is at most this before patches are cut.</summary>
    public int MaxPhotoSide { get; init; } = 512;

    /// <summary>Seeds the choice of photo and patch per digit.</summary>
    public int MnistMSeed { get; init; }

    /// <summary>
    /// Standardise every image per channel (subtract its mean, divide by its standard deviation) before the network
    /// sees it: removes each photo's colour cast and brightness, which both domains then share.
    /// </summary>
    public bool Standardize { get; init; }

    /// <summary>Where built MNIST-M tensors are kept; empty = "mnist_m" inside the data folder.</summary>
    public string CacheFolder { get; init; } = "";

    /// <summary>Own pair: the labelled source set, a folder with one sub-folder of PNG/JPEG images per class or an IDX3 images file (labels beside it). Empty = MNIST.</summary>
    public string Source { get; init; } = "";

    /// <summary>Own pair: the unlabelled target set the features adapt to, a folder of images (any depth) or an IDX3 images file.</summary>
    public string Target { get; init; } = "";

    /// <summary>Own pair: the labelled target set, used only to measure target_accuracy (its classes must be among the source's).</summary>
    public string TargetTest { get; init; } = "";

    /// <summary>Own pair, optional: a labelled source test set for source_accuracy; empty = source_train_accuracy on the training images.</summary>
    public string SourceTest { get; init; } = "";

    /// <summary>Own pair: rgb keeps colour, gray turns every image into its luma (in all three channels).</summary>
    public DannImageColor Color { get; init; }

    /// <summary>Own pair: leave out image files that cannot be decoded (they are named in the log) instead of stopping.</summary>
    public bool SkipUnreadable { get; init; }

    /// <summary>Whether the user's own domain pair replaces MNIST -> MNIST-M.</summary>
    public bool OwnPair => Source.Length > 0 || Target.Length > 0 || TargetTest.Length > 0;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (TrainLimit < 0) errors.Add($"data.train_limit must be >= 0 (got {TrainLimit})");
        if (TestLimit < 0) errors.Add($"data.test_limit must be >= 0 (got {TestLimit})");
        if (string.IsNullOrWhiteSpace(PhotoFolder)) errors.Add("data.photo_folder must name a folder");
        if (ImageSize is not (28 or 32)) errors.Add($"data.image_size must be 28 or 32 (got {ImageSize})");
        if (MaxPhotoSide != 0 && MaxPhotoSide < 32) errors.Add($"data.max_photo_side must be 0 or >= 32 (got {MaxPhotoSide})");
        if (OwnPair && (Source.Length == 0 || Target.Length == 0 || TargetTest.Length == 0))
        {
            var missing = new[] { ("data.source", Source), ("data.target", Target), ("data.target_test", TargetTest) }.Where(p => p.Item2.Length == 0).Select(p => p.Item1);
            errors.Add($"data.source, data.target and data.target_test go together (missing: {string.Join(", ", missing)})");
        }
        if (SourceTest.Length > 0 && !OwnPair) errors.Add("data.source_test needs data.source, data.target and data.target_test");
        return errors;
    }
}

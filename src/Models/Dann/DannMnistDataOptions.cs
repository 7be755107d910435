using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Dann;

/// <summary>`data:` options of the dann-mnist task: how much MNIST to use and how its MNIST-M target is made.</summary>
public sealed record DannMnistDataOptions : IValidatable
{
    /// <summary>Use only the first N training digits (0 = all); for quick runs and tests.</summary>
    public int TrainLimit { get; init; }

    /// <summary>Use only the first N test digits (0 = all).</summary>
    public int TestLimit { get; init; }

    /// <summary>Folder searched recursively for the photos MNIST-M patches come from (Debian: mate-backgrounds).</summary>
    public string PhotoFolder { get; init; } = "/usr/share/backgrounds";

    /// <summary>Image side for both domains: 28, or 32 (digits centred with a 2-pixel border, as in the paper).</summary>
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

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (TrainLimit < 0) errors.Add($"data.train_limit must be >= 0 (got {TrainLimit})");
        if (TestLimit < 0) errors.Add($"data.test_limit must be >= 0 (got {TestLimit})");
        if (string.IsNullOrWhiteSpace(PhotoFolder)) errors.Add("data.photo_folder must name a folder");
        if (ImageSize is not (28 or 32)) errors.Add($"data.image_size must be 28 or 32 (got {ImageSize})");
        if (MaxPhotoSide != 0 && MaxPhotoSide < 32) errors.Add($"data.max_photo_side must be 0 or >= 32 (got {MaxPhotoSide})");
        return errors;
    }
}

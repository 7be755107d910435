using SpeechDisentangle.Common;

namespace SpeechDisentangle.Models.Dann;

/// <summary>How <see cref="MnistMBuilder"/> blends digits with photos.</summary>
public sealed record MnistMOptions : IValidatable
{
    /// <summary>Folder searched recursively for .jpg/.jpeg/.png photos (Debian's mate-backgrounds installs some here).</summary>
    public string PhotoFolder { get; init; } = "/usr/share/backgrounds";

    /// <summary>Output side: 28 (the digit as is) or 32 (the digit centred with a 2-pixel border).</summary>
    public int Size { get; init; } = 28;

    /// <summary>Photos are scaled down so their longer side is at most this (texture at a digit's scale, and less memory); 0 = keep.</summary>
    public int MaxPhotoSide { get; init; } = 512;

    /// <summary>Seeds the choice of photo and patch position per digit.</summary>
    public int Seed { get; init; }

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(PhotoFolder)) errors.Add("photo_folder must name a folder");
        if (Size is not (28 or 32)) errors.Add($"size must be 28 or 32 (got {Size})");
        if (MaxPhotoSide != 0 && MaxPhotoSide < 32) errors.Add($"max_photo_side must be 0 or >= 32 (got {MaxPhotoSide})");
        return errors;
    }
}

namespace SpeechDisentangle.Models.Dann;

/// <summary>The colour the network sees in a user's images (it always takes 3 channels).</summary>
public enum DannImageColor
{
    /// <summary>Red, green and blue as decoded; gray images and IDX files give three equal channels.</summary>
    Rgb,

    /// <summary>Luma 0.299 R + 0.587 G + 0.114 B in all three channels, so colour cannot tell the domains apart.</summary>
    Gray,
}

/// <summary>How every image of a user's set becomes network input: float32 [3, Size, Size] in [0, 1].</summary>
/// <param name="Size">Side the images are resized to (aspect ratio not kept).</param>
/// <param name="Color">Colour conversion after resizing.</param>
public sealed record ImageInput(int Size, DannImageColor Color);

namespace SpeechDisentangle.Models.Common.Mnist;

/// <summary>Greyscale images as stored in an IDX3 file: <see cref="Count"/> × <see cref="Rows"/> × <see cref="Columns"/> bytes, row-major.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    public int PixelsPerImage => Rows * Columns;

    /// <summary>The pixels of image <paramref name="index"/>.</summary>
    public ReadOnlySpan<byte> Image(int index) => Pixels.AsSpan(index * PixelsPerImage, PixelsPerImage);
}

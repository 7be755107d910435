using SkiaSharp;

namespace SpeechDisentangle.Plots;

/// <summary>Distinct colours for classes and series: the 10 "category10" colours, then evenly spaced hues.</summary>
public static class CategoricalPalette
{
    static readonly SKColor[] Base =
    [
        new(0x1F, 0x77, 0xB4), new(0xFF, 0x7F, 0x0E), new(0x2C, 0xA0, 0x2C), new(0xD6, 0x27, 0x28), new(0x94, 0x67, 0xBD),
        new(0x8C, 0x56, 0x4B), new(0xE3, 0x77, 0xC2), new(0x7F, 0x7F, 0x7F), new(0xBC, 0xBD, 0x22), new(0x17, 0xBE, 0xCF),
    ];

    /// <summary>The colour for the <paramref name="index"/>-th class or series (0-based).</summary>
    public static SKColor Color(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        if (index < Base.Length) return Base[index];
        // Golden-angle hue steps keep later colours apart from each other.
        float hue = (float)((index - Base.Length) * 137.508 % 360);
        return SKColor.FromHsv(hue, 70, 80 - (index % 3 * 12));
    }
}

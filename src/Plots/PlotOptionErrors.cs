namespace SpeechDisentangle.Plots;

/// <summary>The image-size check that every plot's options share.</summary>
internal static class PlotOptionErrors
{
    public static void Size(List<string> errors, int width, int height, int minWidth = 200, int minHeight = 150)
    {
        if (width < minWidth || width > 8000) errors.Add($"Width {width} must be in [{minWidth}, 8000]");
        if (height < minHeight || height > 8000) errors.Add($"Height {height} must be in [{minHeight}, 8000]");
    }
}

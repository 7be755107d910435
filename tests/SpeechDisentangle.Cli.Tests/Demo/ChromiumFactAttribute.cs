namespace SpeechDisentangle.Cli.Tests.Demo;

/// <summary>A fact that is reported as skipped, with the reason, when Debian's chromium is not installed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ChromiumFactAttribute : FactAttribute
{
    public static string? ChromiumPath { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    public ChromiumFactAttribute()
    {
        if (ChromiumPath is null) Skip = "chromium is not installed (apt-get install chromium; scripts/setup.sh should list it)";
    }
}

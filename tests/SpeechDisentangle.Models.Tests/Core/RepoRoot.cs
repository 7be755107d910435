namespace SpeechDisentangle.Models.Tests.Core;

/// <summary>The repository checkout the tests run from (the folder holding SpeechDisentangle.sln).</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SpeechDisentangle.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"no SpeechDisentangle.sln above {AppContext.BaseDirectory}");
    }
}

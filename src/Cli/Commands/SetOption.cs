using System.CommandLine;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>The repeatable `--set KEY=VALUE` config override of train, eval, convert, demo and the benchmarks.</summary>
internal static class SetOption
{
    public static Option<string[]> Create(string description, string name = "--set") =>
        new(name) { Description = description, AllowMultipleArgumentsPerToken = false };

    /// <summary>For commands that load a trained model: the override holds for this command only.</summary>
    public static Option<string[]> ForLoadedModel(string example) => Create(
        $"Override a value of the --checkpoint's config for this command only, e.g. --set {example} (repeatable; settings that change the weights' shapes will not load).");
}

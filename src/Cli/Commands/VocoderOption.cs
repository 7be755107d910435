using System.CommandLine;
using SpeechDisentangle.Models.Vocoder;

namespace SpeechDisentangle.Cli.Commands;

/// <summary>`--vocoder griffin-lim|CKPT` of `sdt convert` and `sdt demo`.</summary>
internal static class VocoderOption
{
    public static Option<string> Create(string? description = null) => new("--vocoder")
    {
        Description = description ?? $"{VocoderChoice.GriffinLim} (default) or EXP/checkpoints/last.ckpt of `sdt train vocoder`, trained on the VC model's mel (same n_mels).",
        DefaultValueFactory = _ => VocoderChoice.GriffinLim,
    };

    /// <summary>`--vocoder-set KEY=VALUE`: a setting of the --vocoder checkpoint's config for this command only.</summary>
    public static Option<string[]> CreateSet() => new("--vocoder-set")
    {
        Description = "Override a setting of the --vocoder checkpoint's config for this command only, e.g. --vocoder-set " +
            "model_options.phase_refinement_iterations=0 (the network alone; repeatable).",
        AllowMultipleArgumentsPerToken = false,
    };
}

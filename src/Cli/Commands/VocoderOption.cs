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
    public static Option<string[]> CreateSet() => SetOption.Create(
        "Change a synthesis setting of the --vocoder checkpoint for this command only: " +
        "model_options.phase_refinement_iterations=N (0 = the network alone) or model_options.phase_refinement_nnls_iterations=N (repeatable).",
        "--vocoder-set");
}

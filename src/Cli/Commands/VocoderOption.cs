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
}

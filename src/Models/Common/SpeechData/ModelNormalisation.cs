using System.Globalization;

namespace SpeechDisentangle.Models.Common.SpeechData;

/// <summary>
/// How a speech model's log-mels are normalised before it sees them: CMVN (<see cref="Cmvn"/>, variances too when
/// <see cref="NormVars"/>), then the affine scaling (x − <see cref="Offset"/>) / <see cref="Scale"/> of the VC models.
/// Each speech task derives it from its config.yaml; `sdt train` records it in EXP/front_end.txt.
/// </summary>
public sealed record ModelNormalisation(CmvnMode Cmvn, bool NormVars, double Offset = 0, double Scale = 1)
{
    /// <summary>"cmvn speaker, norm-vars false, offset 0, scale 1", the words of front_end.txt.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"cmvn {Cmvn.ToString().ToLowerInvariant()}, norm-vars {(NormVars ? "true" : "false")}, offset {Offset:R}, scale {Scale:R}");
}

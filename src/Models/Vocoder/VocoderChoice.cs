using System.Globalization;
using SpeechDisentangle.Models.Common.Vocoder;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;

namespace SpeechDisentangle.Models.Vocoder;

/// <summary>
/// What `--vocoder griffin-lim|CKPT` names: Griffin-Lim, or a trained `vocoder` experiment's checkpoint. A checkpoint
/// must invert exactly the mel the caller produces; a mismatch is an error naming both front ends.
/// </summary>
public static class VocoderChoice
{
    public const string GriffinLim = "griffin-lim";

    /// <summary>
    /// The settings `--vocoder-set` may change: synthesis only. Any other key (the magnitude residual, the feature
    /// scaling, a width) would load the same weights into a model that means another thing by them.
    /// </summary>
    public static readonly IReadOnlyList<string> SynthesisKeys =
        ["model_options.phase_refinement_iterations", "model_options.phase_refinement_nnls_iterations"];

    /// <summary>True when <paramref name="choice"/> is Griffin-Lim (or not given).</summary>
    public static bool IsGriffinLim(string? choice) => choice is null || string.Equals(choice, GriffinLim, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The neural vocoder of checkpoint <paramref name="checkpoint"/>, checked against <paramref name="expected"/>: the mel of
    /// the model it will vocode, where Griffin-Lim is the other choice the errors offer (null: any mel, and no such offer).
    /// </summary>
    /// <param name="flag">The CLI flag that named the checkpoint, for the error messages.</param>
    /// <param name="overrides">`KEY=VALUE` settings on top of the vocoder experiment's config.yaml (`--vocoder-set`).</param>
    public static NeuralVocoder Load(string checkpoint, MelSpec? expected, string flag = "--vocoder", IEnumerable<string>? overrides = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        string orGriffinLim = expected is null ? "" : $", or give {flag} {GriffinLim}";
        if (!File.Exists(checkpoint))
            throw new FileNotFoundException(expected is null
                ? $"{flag}: no checkpoint at '{checkpoint}'"
                : $"{flag}: '{checkpoint}' is neither '{GriffinLim}' nor an existing checkpoint", checkpoint);
        var settings = overrides?.ToList() ?? [];
        if (settings.FirstOrDefault(s => !SynthesisKeys.Contains(ConfigLoader.OverrideKey(s), StringComparer.Ordinal)) is { } bad)
            throw new ArgumentException($"{flag}-set {bad}: only the synthesis settings of a trained vocoder can change ({string.Join(", ", SynthesisKeys)}); the others would change what its weights mean");
        // Before the settings are applied: another model's config would refuse them with a message about the key.
        string model = Experiment.ModelName(checkpoint);
        if (!string.Equals(model, VocoderTask.ModelName, StringComparison.Ordinal))
            throw new ArgumentException($"{flag} {checkpoint}: model '{model}' is not a vocoder (train one with `sdt train vocoder`{orGriffinLim})");
        var objective = (VocoderObjective)Experiment.Load(checkpoint, settings).Model;  // the model name said so
        objective.Dispose();
        if (expected is not null && objective.Model.Spec != expected)
        {
            objective.Model.Dispose();
            throw new ArgumentException(
                $"{flag} {checkpoint}: the vocoder inverts {Describe(objective.Model.Spec)} but the voice-conversion model's mel is {Describe(expected)}; " +
                $"train a vocoder on that front end (sdt train vocoder --set model_options.n_mels={expected.NMels}) or give {flag} {GriffinLim}");
        }
        return new NeuralVocoder(objective.Model);
    }

    /// <summary>A one-line description of a mel front end (the fields that matter for inverting it).</summary>
    public static string Describe(MelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return string.Create(CultureInfo.InvariantCulture,
            $"{spec.NMels} {spec.Scale} mel bands at {spec.SampleRate} Hz (n_fft {spec.NFft}, hop {spec.HopLength}, window {spec.WinLength}, f {spec.FMin}-{spec.EffectiveFMax} Hz, power {spec.Power}, log guard {spec.LogGuard} {spec.LogEpsilon})");
    }
}

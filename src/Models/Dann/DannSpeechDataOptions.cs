using System.Globalization;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.SpeechData.Streaming;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// `data:` options of the dann-speech task. Source domain: train/ of a split folder (seen voices, content labels
/// used). Target domain: unseen/ (voices never seen), optionally with noise added (<see cref="TargetSnrDb"/>); its
/// utterances are dealt (stratified by content) into an adaptation half, whose labels are never read, and an
/// evaluation half that gives the target accuracy.
/// </summary>
public sealed record DannSpeechDataOptions : IValidatable
{
    /// <summary>
    /// Signal-to-noise ratio in dB of the noise added to every target utterance in the mel power domain (flat across
    /// mel bins, fluctuating per frame and bin); null = no noise, the domains then differ only in their voices.
    /// </summary>
    public double? TargetSnrDb { get; init; }

    /// <summary>Seeds the noise, so the same options give the same target domain.</summary>
    public int NoiseSeed { get; init; } = 1;

    /// <summary>Also normalise the variance of each utterance (after the noise; the mean always is).</summary>
    public bool NormVars { get; init; } = true;

    /// <summary>Crop utterances longer than this to their central frames (0 = keep all), so batches pad less.</summary>
    public int MaxFrames { get; init; } = 112;

    /// <summary>Utterances per forward pass in evaluation.</summary>
    public int EvalBatchSize { get; init; } = 64;

    /// <summary>How train/ (the source domain) is read: into memory or streamed (data.loading.mode auto|memory|stream).</summary>
    public FeatureLoadingOptions Loading { get; init; } = new();

    public IReadOnlyList<string> Errors()
    {
        var errors = Validation.Nested("data.loading", Loading).ToList();
        if (TargetSnrDb is double snr && (double.IsNaN(snr) || double.IsInfinity(snr) || snr < -20 || snr > 60))
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"data.target_snr_db must be within [-20, 60] dB or left out for no noise (got {snr})"));
        if (MaxFrames < 0) errors.Add($"data.max_frames must be >= 0 (got {MaxFrames})");
        if (EvalBatchSize < 1) errors.Add($"data.eval_batch_size must be >= 1 (got {EvalBatchSize})");
        return errors;
    }
}

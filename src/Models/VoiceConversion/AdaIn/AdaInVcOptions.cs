using SpeechDisentangle.Models.Training;

namespace SpeechDisentangle.Models.VoiceConversion;

/// <summary>Settings of one-shot AdaIN-VC (Chou et al. 2019).</summary>
public sealed record AdaInVcOptions
{
    /// <summary>Mel bands of the input (conv channels).</summary>
    public int NMels { get; init; } = 80;
    public int Channels { get; init; } = 256;
    /// <summary>Channels of the (instance-normalised) content code.</summary>
    public int ContentChannels { get; init; } = 128;
    /// <summary>Size of the speaker embedding.</summary>
    public int SpeakerEmbedding { get; init; } = 128;
    /// <summary>Residual blocks in each of the content encoder, speaker encoder and decoder.</summary>
    public int Blocks { get; init; } = 3;
    /// <summary>Odd kernel width over time.</summary>
    public int KernelSize { get; init; } = 5;
    /// <summary>Instance norm in the content encoder (the point of the model); false only for the ablation.</summary>
    public bool ContentInstanceNorm { get; init; } = true;
    /// <summary>
    /// Training only: the content encoder sees the input warped along the mel axis by a random factor in
    /// [1 − ContentWarp, 1 + ContentWarp] per example (the target stays unwarped), so the spectral shape left in the
    /// code is unreliable and the decoder must take the voice from the speaker embedding. 0 = off (the paper).
    /// </summary>
    public double ContentWarp { get; init; }
    /// <summary>
    /// Training only: each example (its segment and its reference alike) is warped along the mel axis by one random
    /// factor in [1 − VoiceWarp, 1 + VoiceWarp], which makes new voices out of the training speakers, so the speaker
    /// encoder sees a continuum of voices rather than a few (helps one-shot conversion). 0 = off (the paper).
    /// </summary>
    public double VoiceWarp { get; init; }
    /// <summary>Weight of the L1 reconstruction loss (the paper's λ_rec = 10).</summary>
    public double ReconWeight { get; init; } = 10.0;
    /// <summary>Weight of the KL term on the content code (the paper's λ_kl = 1).</summary>
    public double LambdaKl { get; init; } = 1.0;
    /// <summary>Fraction of the run (progress) over which λ_kl ramps linearly from 0; 0 = full weight at once.</summary>
    public double KlRampFraction { get; init; } = 0.1;
    public OptimizerSettings Optimizer { get; init; } = new() { LearningRate = 5e-4, Beta1 = 0.9, Beta2 = 0.99, GradClipNorm = 5 };

    /// <summary>λ_kl at run progress <paramref name="progress"/> in [0, 1].</summary>
    public double LambdaKlAt(double progress) =>
        KlRampFraction <= 0 ? LambdaKl : LambdaKl * Math.Clamp(progress / KlRampFraction, 0.0, 1.0);

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (NMels <= 0) errors.Add($"NMels must be > 0 (is {NMels})");
        if (Channels <= 0) errors.Add($"Channels must be > 0 (is {Channels})");
        if (ContentChannels <= 0) errors.Add($"ContentChannels must be > 0 (is {ContentChannels})");
        if (SpeakerEmbedding <= 0) errors.Add($"SpeakerEmbedding must be > 0 (is {SpeakerEmbedding})");
        if (Blocks < 0) errors.Add($"Blocks must be >= 0 (is {Blocks})");
        if (KernelSize <= 0 || KernelSize % 2 == 0) errors.Add($"KernelSize must be odd and > 0 (is {KernelSize})");
        if (ContentWarp is < 0 or >= 0.5) errors.Add($"ContentWarp must be in [0, 0.5) (is {ContentWarp})");
        if (VoiceWarp is < 0 or >= 0.5) errors.Add($"VoiceWarp must be in [0, 0.5) (is {VoiceWarp})");
        if (ReconWeight <= 0) errors.Add($"ReconWeight must be > 0 (is {ReconWeight})");
        if (LambdaKl < 0) errors.Add($"LambdaKl must be >= 0 (is {LambdaKl})");
        if (KlRampFraction is < 0 or > 1) errors.Add($"KlRampFraction must be in [0, 1] (is {KlRampFraction})");
        return errors;
    }

    public void Validate()
    {
        var errors = Errors();
        if (errors.Count > 0) throw new ArgumentException("invalid AdaInVcOptions: " + string.Join("; ", errors));
    }
}

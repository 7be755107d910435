using SpeechDisentangle.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Augmentation;

/// <summary>
/// Random voice perturbation of log-mel features (model_options.voice_perturbation): each training speaker in a
/// batch is turned into a new voice by three random changes that keep the words. Off when all three are 0.
/// </summary>
public sealed record VoicePerturbationOptions : IValidatable
{
    /// <summary>Vocal-tract (formant) warp: the spectral envelope is stretched along the mel axis by a factor in [1 - formant, 1 + formant].</summary>
    public double Formant { get; init; }

    /// <summary>Pitch: the fine structure (the harmonics) is stretched by its own factor in [1 - pitch, 1 + pitch].</summary>
    public double Pitch { get; init; }

    /// <summary>Spectral tilt: a straight line over the mel bands whose end-to-end rise is drawn in [-tilt_db, tilt_db] dB.</summary>
    public double TiltDb { get; init; }

    /// <summary>Share of the speakers in a batch that get a new voice (the others keep theirs).</summary>
    public double Probability { get; init; } = 1;

    /// <summary>Whether any change is switched on.</summary>
    public bool Enabled => Formant > 0 || Pitch > 0 || TiltDb > 0;

    public IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (Formant is < 0 or >= 0.5 || double.IsNaN(Formant)) errors.Add($"formant must be in [0, 0.5) (got {Formant})");
        if (Pitch is < 0 or >= 0.5 || double.IsNaN(Pitch)) errors.Add($"pitch must be in [0, 0.5) (got {Pitch})");
        if (TiltDb is < 0 or > 40 || double.IsNaN(TiltDb)) errors.Add($"tilt_db must be in [0, 40] (got {TiltDb})");
        if (Probability is < 0 or > 1 || double.IsNaN(Probability)) errors.Add($"probability must be in [0, 1] (got {Probability})");
        return errors;
    }
}

/// <summary>
/// A source-filter view of one log-mel frame: its smooth spectral envelope (the vocal tract: the first
/// <see cref="EnvelopeCoefficients"/> DCT coefficients along the mel axis, as a cepstral lifter keeps them) and the
/// rest (the fine structure: the harmonics of the pitch where the mel bands resolve them). Warping the two along
/// the mel axis by separate factors changes formants and pitch independently; a tilt changes the voice's
/// brightness. On log-mels this is an approximation (the mel bands resolve harmonics only below about 1 kHz, and
/// a warp moves frequencies on the mel scale, not the linear one), cheap enough to run on every batch.
/// </summary>
public static class VoicePerturbation
{
    /// <summary>DCT coefficients of the envelope: ripples slower than about M / 12 bands (formants), not harmonics.</summary>
    public const int EnvelopeCoefficients = 12;

    // natural-log power per dB
    static readonly double NatsPerDb = Math.Log(10) / 10;

    /// <summary>
    /// Perturbs <paramref name="mel"/> [B, M, T]: envelope warped by <paramref name="formant"/> [B], fine structure
    /// by <paramref name="pitch"/> [B] (factors as <see cref="MelAxisWarp"/>: &gt; 1 moves down), plus a tilt of
    /// <paramref name="tiltDb"/> [B] dB from the lowest band to the highest. Factors 1 and tilt 0 return the input.
    /// </summary>
    public static Tensor Apply(Tensor mel, Tensor formant, Tensor pitch, Tensor tiltDb)
    {
        ArgumentNullException.ThrowIfNull(mel);
        ArgumentNullException.ThrowIfNull(tiltDb);
        if (mel.dim() != 3) throw new ArgumentException($"expected log-mels [B, M, T], got [{string.Join(", ", mel.shape)}]");
        using var scope = NewDisposeScope();
        long bins = mel.shape[1];
        var basis = EnvelopeBasis(bins, mel.dtype, mel.device);
        var envelope = basis.t().matmul(basis.matmul(mel)); // rank 12: cheaper than the [M, M] projection
        var fine = mel - envelope;
        var ramp = linspace(-0.5, 0.5, bins, dtype: mel.dtype, device: mel.device).view(1, bins, 1);
        var tilt = tiltDb.to(mel.dtype).to(mel.device).view(-1, 1, 1) * NatsPerDb * ramp;
        return (MelAxisWarp.Apply(envelope, formant) + MelAxisWarp.Apply(fine, pitch) + tilt).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One random voice per speaker id of <paramref name="speakers"/> [B] (ids in [0, <paramref name="speakerClasses"/>)):
    /// every utterance of a speaker in this batch gets the same new voice, so a speaker adversary sees a consistent
    /// new speaker. Draws from <paramref name="generator"/> (CPU) when given.
    /// </summary>
    public static Tensor ForSpeakers(Tensor mel, Tensor speakers, long speakerClasses, VoicePerturbationOptions options, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(mel);
        ArgumentNullException.ThrowIfNull(speakers);
        using var scope = NewDisposeScope();
        var (formant, pitch, tilt) = Draw(speakerClasses, options, generator);
        var ids = speakers.to(ScalarType.Int64).cpu().clamp(0, speakerClasses - 1);
        return Apply(mel, formant.index_select(0, ids), pitch.index_select(0, ids), tilt.index_select(0, ids)).MoveToOuterDisposeScope();
    }

    /// <summary>A new random voice for each example of <paramref name="mel"/> [B, M, T].</summary>
    public static Tensor PerExample(Tensor mel, VoicePerturbationOptions options, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(mel);
        using var scope = NewDisposeScope();
        var (formant, pitch, tilt) = Draw(mel.shape[0], options, generator);
        return Apply(mel, formant, pitch, tilt).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="n"/> random voices (CPU float32 [n] each): formant and pitch factors and tilt in dB, drawn
    /// uniformly within the options' ranges; a voice left unchanged (share 1 - probability) has 1, 1 and 0.
    /// </summary>
    public static (Tensor Formant, Tensor Pitch, Tensor TiltDb) Draw(long n, VoicePerturbationOptions options, Generator? generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        Tensor Uniform(double half) => rand([n], dtype: ScalarType.Float32, generator: generator).mul(2 * half).add(-half);
        var formant = Uniform(options.Formant).add(1);
        var pitch = Uniform(options.Pitch).add(1);
        var tilt = Uniform(options.TiltDb);
        var keep = rand([n], dtype: ScalarType.Float32, generator: generator).ge(options.Probability);
        return (formant.masked_fill(keep, 1), pitch.masked_fill(keep, 1), tilt.masked_fill(keep, 0));
    }

    /// <summary>[M, M] projection onto the first <see cref="EnvelopeCoefficients"/> orthonormal DCT-II basis vectors.</summary>
    public static Tensor EnvelopeProjection(long bins, ScalarType dtype, Device device)
    {
        using var basis = EnvelopeBasis(bins, dtype, device);
        return basis.t().matmul(basis);
    }

    /// <summary>The first <see cref="EnvelopeCoefficients"/> orthonormal DCT-II basis vectors over <paramref name="bins"/> bands, [C, M].</summary>
    static Tensor EnvelopeBasis(long bins, ScalarType dtype, Device device)
    {
        using var scope = NewDisposeScope();
        long keep = Math.Min(EnvelopeCoefficients, bins);
        var k = arange(keep, dtype: ScalarType.Float64).unsqueeze(1);
        var m = arange(bins, dtype: ScalarType.Float64).unsqueeze(0);
        var basis = cos(Math.PI / bins * (m + 0.5) * k) * Math.Sqrt(2.0 / bins);
        basis[0].mul_(1 / Math.Sqrt(2));
        return basis.to(dtype).to(device).MoveToOuterDisposeScope();
    }
}

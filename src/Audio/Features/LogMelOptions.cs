using System.Globalization;
using SpeechDisentangle.Common;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Settings of the log-mel front end. The property defaults equal the <see cref="Kaldi"/> preset at 16 kHz.
/// Frame length and shift in milliseconds become sample counts truncated like Kaldi and torchaudio do:
/// <c>(int)(SampleRate * ms * 0.001)</c>; <see cref="FrameLengthSamples"/> and <see cref="FrameShiftSamples"/> give
/// them in samples instead (torchaudio's win_length and hop_length), and <see cref="NFft"/> a longer FFT.
/// </summary>
public sealed record LogMelOptions : IValidatable
{
    /// <summary>Float epsilon (2^-23), Kaldi's and torchaudio's log floor.</summary>
    public const double FloatEpsilon = 1.1920928955078125e-07;

    /// <summary>Sample rate of the input in Hz.</summary>
    public int SampleRate { get; init; } = 16000;

    /// <summary>Frame (window) length in milliseconds.</summary>
    public double FrameLengthMs { get; init; } = 25.0;

    /// <summary>Frame shift (hop) in milliseconds.</summary>
    public double FrameShiftMs { get; init; } = 10.0;

    /// <summary>Frame (window) length in samples, torchaudio's win_length; null derives it from <see cref="FrameLengthMs"/>.</summary>
    public int? FrameLengthSamples { get; init; }

    /// <summary>Frame shift in samples, torchaudio's hop_length; null derives it from <see cref="FrameShiftMs"/>.</summary>
    public int? FrameShiftSamples { get; init; }

    /// <summary>
    /// FFT length, torchaudio's n_fft: at least the frame length, which is zero-padded to it. With <see cref="Center"/>
    /// the frames are laid out as torch.stft does: the signal is reflect-padded by n_fft / 2 at both ends and the
    /// window sits in the middle of each n_fft-sample frame. Null derives it from the frame (see <see cref="FftLength"/>);
    /// it excludes <see cref="RoundToPowerOfTwo"/>.
    /// </summary>
    public int? NFft { get; init; }

    /// <summary>Number of mel filters = output dimension.</summary>
    public int NumMelBins { get; init; } = 80;

    /// <summary>Lowest filter edge in Hz.</summary>
    public double LowFrequency { get; init; } = 20.0;

    /// <summary>Highest filter edge in Hz; a value &lt;= 0 means Nyquist + value (Kaldi's high_freq convention).</summary>
    public double HighFrequency { get; init; }

    /// <summary>Analysis window.</summary>
    public WindowType Window { get; init; } = WindowType.Povey;

    /// <summary>Periodic (denominator N, torch.hann_window default) rather than symmetric (N - 1, Kaldi) window.</summary>
    public bool PeriodicWindow { get; init; }

    /// <summary>Pre-emphasis coefficient in [0, 1]; 0 disables it.</summary>
    public double Preemphasis { get; init; } = 0.97;

    /// <summary>Subtract each frame's mean before pre-emphasis.</summary>
    public bool RemoveDcOffset { get; init; } = true;

    /// <summary>
    /// Standard deviation of Gaussian dither added to every frame sample (on the <see cref="InputScale"/> scale).
    /// Default 0, like torchaudio's fbank, so features are deterministic; Kaldi's compute-fbank-feats uses 1.0.
    /// </summary>
    public double Dither { get; init; }

    /// <summary>Seed of the dither generator; the sequence restarts on every new stream.</summary>
    public int DitherSeed { get; init; }

    /// <summary>Zero-pad each frame to the next power of two before the FFT; otherwise FFT length = frame length.</summary>
    public bool RoundToPowerOfTwo { get; init; } = true;

    /// <summary>Kaldi snip_edges: only frames that fit entirely in the signal. False gives Kaldi's mirrored edges.</summary>
    public bool SnipEdges { get; init; } = true;

    /// <summary>torch.stft center=True: reflect-pad frame-length/2 samples at both ends (excludes <see cref="SnipEdges"/>).</summary>
    public bool Center { get; init; }

    /// <summary>Mel scale and filter layout.</summary>
    public MelScale MelScale { get; init; } = MelScale.Kaldi;

    /// <summary>Filter normalisation.</summary>
    public MelNorm FilterNorm { get; init; } = MelNorm.None;

    /// <summary>Exponent of the magnitude spectrum: 2 = power, 1 = magnitude.</summary>
    public double Power { get; init; } = 2.0;

    /// <summary>How the log is guarded against zero.</summary>
    public LogGuard LogGuard { get; init; } = LogGuard.Floor;

    /// <summary>The epsilon used by <see cref="LogGuard"/>.</summary>
    public double LogEpsilon { get; init; } = FloatEpsilon;

    /// <summary>Input samples in [-1, 1) are multiplied by this: 32768 gives Kaldi's int16 scale, 1 keeps them.</summary>
    public double InputScale { get; init; } = 32768.0;

    /// <summary>
    /// Kaldi compute-fbank-feats / torchaudio.compliance.kaldi.fbank: povey window, pre-emphasis 0.97, DC removal,
    /// power-of-two FFT, snip_edges, mel 1127 ln(1 + f/700) from 20 Hz to Nyquist, ln(max(x, float eps)),
    /// input on the int16 scale. Dither defaults to 0 (torchaudio's default; pass 1.0 for Kaldi's binary).
    /// </summary>
    public static LogMelOptions Kaldi(int sampleRate = 16000, int numMelBins = 80, double dither = 0.0) =>
        new() { SampleRate = sampleRate, NumMelBins = numMelBins, Dither = dither };

    /// <summary>
    /// torchaudio.transforms.MelSpectrogram(n_fft = win_length = 25 ms, hop = 10 ms, periodic Hann, center reflect,
    /// power 2, mel_scale 'htk', norm None, f_min 0, f_max Nyquist) followed by ln(mel + 1e-6); input in [-1, 1).
    /// </summary>
    public static LogMelOptions Htk(int sampleRate = 16000, int numMelBins = 80) => new()
    {
        SampleRate = sampleRate,
        NumMelBins = numMelBins,
        LowFrequency = 0.0,
        HighFrequency = 0.0,
        Window = WindowType.Hann,
        PeriodicWindow = true,
        Preemphasis = 0.0,
        RemoveDcOffset = false,
        Dither = 0.0,
        RoundToPowerOfTwo = false,
        SnipEdges = false,
        Center = true,
        MelScale = MelScale.Htk,
        FilterNorm = MelNorm.None,
        Power = 2.0,
        LogGuard = LogGuard.Offset,
        LogEpsilon = 1e-6,
        InputScale = 1.0,
    };

    /// <summary>As <see cref="Htk"/> with mel_scale 'slaney' and norm 'slaney' (librosa's default filters).</summary>
    public static LogMelOptions Slaney(int sampleRate = 16000, int numMelBins = 80) =>
        Htk(sampleRate, numMelBins) with { MelScale = MelScale.Slaney, FilterNorm = MelNorm.Slaney };

    /// <summary>Frame length in samples: <see cref="FrameLengthSamples"/>, or the milliseconds truncated as Kaldi/torchaudio do.</summary>
    public int FrameLength => FrameLengthSamples ?? (int)(SampleRate * FrameLengthMs * 0.001);

    /// <summary>Frame shift in samples: <see cref="FrameShiftSamples"/>, or the milliseconds truncated as Kaldi/torchaudio do.</summary>
    public int FrameShift => FrameShiftSamples ?? (int)(SampleRate * FrameShiftMs * 0.001);

    /// <summary>FFT length: <see cref="NFft"/>, else the frame length, or its next power of two when <see cref="RoundToPowerOfTwo"/>.</summary>
    public int FftLength => NFft ?? (RoundToPowerOfTwo ? NextPowerOfTwo(FrameLength) : FrameLength);

    /// <summary>Nyquist frequency in Hz.</summary>
    public double Nyquist => 0.5 * SampleRate;

    /// <summary>The high filter edge after applying the "&lt;= 0 means Nyquist + value" rule.</summary>
    public double EffectiveHighFrequency => HighFrequency <= 0 ? Nyquist + HighFrequency : HighFrequency;

    /// <summary>
    /// The lowest <see cref="SampleRate"/> accepted: 4 kHz. Below it the band left under Nyquist (2 kHz) no longer
    /// holds the formants that tell speech sounds apart, and a 25 ms frame has under 100 samples.
    /// </summary>
    public const int MinimumSampleRate = 4000;

    /// <summary>Number of frequency bins of the FFT (FftLength / 2 + 1): the most mel filters it can feed.</summary>
    public int FrequencyBins => (FftLength / 2) + 1;

    /// <summary>
    /// The fewest input samples that give one frame: a whole frame with snip_edges, more than n_fft / 2 with
    /// centre (reflect) padding, and half a shift with Kaldi's mirrored edges.
    /// </summary>
    public int MinimumSamples => Framing.MinimumSamples(this);

    /// <summary>Every problem with these options ("NumMelBins must be ..."); empty when they are usable.</summary>
    public IReadOnlyList<string> Errors() => [.. Problems().Select(p => p.ToString())];

    /// <summary>
    /// The problems of <see cref="Errors"/>, each with the property it is about apart from its text, so that a program
    /// can name its own flag for the property instead.
    /// </summary>
    public IReadOnlyList<LogMelOptionProblem> Problems()
    {
        var problems = new List<LogMelOptionProblem>();
        void Check(bool ok, string option, FormattableString text)
        {
            if (!ok)
            {
                problems.Add(new LogMelOptionProblem(option, text.ToString(CultureInfo.InvariantCulture)));
            }
        }

        Check(SampleRate >= MinimumSampleRate, nameof(SampleRate), $"must be at least {MinimumSampleRate} Hz (got {SampleRate}).");
        // Frame sizes at a rate below the floor only repeat that problem.
        bool framesValid = CheckFraming(Check);
        Check(NumMelBins >= 1, nameof(NumMelBins), $"must be at least 1 (got {NumMelBins}).");
        Check(MelScale != MelScale.Kaldi || NumMelBins > 3, nameof(NumMelBins), $"must be more than 3 for the Kaldi mel layout (got {NumMelBins}).");
        if (framesValid)
        {
            Check(NumMelBins <= FrequencyBins, nameof(NumMelBins),
                $"{NumMelBins} is more than the {FrequencyBins} frequency bins of the {FftLength}-point FFT ({DescribeFft()}) can feed; use at most {FrequencyBins}{(RoundToPowerOfTwo ? "" : ", or a longer n_fft")}.");
        }

        Check(LowFrequency >= 0 && (SampleRate <= 0 || LowFrequency < Nyquist), nameof(LowFrequency),
            $"must be in [0, Nyquist) (got {LowFrequency}; Nyquist is {Nyquist} Hz).");
        Check(EffectiveHighFrequency > 0 && EffectiveHighFrequency <= Nyquist && EffectiveHighFrequency > LowFrequency, nameof(HighFrequency),
            $"{HighFrequency} gives {EffectiveHighFrequency} Hz; it must lie above the lowest edge ({LowFrequency} Hz) and at most at Nyquist ({Nyquist} Hz).");
        Check(Preemphasis is >= 0 and <= 1, nameof(Preemphasis), $"must be in [0, 1] (got {Preemphasis}).");
        Check(Dither >= 0 && double.IsFinite(Dither), nameof(Dither), $"must be >= 0 (got {Dither}).");
        Check(!(Center && SnipEdges), nameof(Center), $"and SnipEdges exclude each other: center padding keeps edge frames.");
        Check(Power > 0 && double.IsFinite(Power), nameof(Power), $"must be positive (got {Power}).");
        Check(LogEpsilon > 0 && double.IsFinite(LogEpsilon), nameof(LogEpsilon), $"must be positive (got {LogEpsilon}).");
        Check(InputScale > 0 && double.IsFinite(InputScale), nameof(InputScale), $"must be positive (got {InputScale}).");
        Check(Enum.IsDefined(Window), nameof(Window), $"{Window} is not a WindowType.");
        Check(Enum.IsDefined(MelScale), nameof(MelScale), $"{MelScale} is not a MelScale.");
        Check(Enum.IsDefined(FilterNorm), nameof(FilterNorm), $"{FilterNorm} is not a MelNorm.");
        Check(Enum.IsDefined(LogGuard), nameof(LogGuard), $"{LogGuard} is not a LogGuard.");
        return problems;
    }

    /// <summary>Checks frame length, shift and FFT length; true when they give usable sample counts.</summary>
    private bool CheckFraming(Action<bool, string, FormattableString> check)
    {
        // Sample counts, where given, replace the milliseconds; each size is checked in the form it was given in.
        var lengthOption = FrameLengthSamples is null ? nameof(FrameLengthMs) : nameof(FrameLengthSamples);
        var shiftOption = FrameShiftSamples is null ? nameof(FrameShiftMs) : nameof(FrameShiftSamples);
        bool lengthMsValid = FrameLengthSamples is not null || (FrameLengthMs > 0 && double.IsFinite(FrameLengthMs));
        bool shiftMsValid = FrameShiftSamples is not null || (FrameShiftMs > 0 && double.IsFinite(FrameShiftMs));
        check(lengthMsValid, nameof(FrameLengthMs), $"must be positive (got {FrameLengthMs}).");
        check(shiftMsValid, nameof(FrameShiftMs), $"must be positive (got {FrameShiftMs}).");
        if (SampleRate < MinimumSampleRate || !lengthMsValid || !shiftMsValid)
        {
            return false;
        }

        check(FrameLength >= 2, lengthOption, FrameLengthSamples is null
            ? (FormattableString)$"{FrameLengthMs} gives {FrameLength} samples at {SampleRate} Hz; need at least 2."
            : $"must be at least 2 samples (got {FrameLength}).");
        check(FrameShift >= 1, shiftOption, FrameShiftSamples is null
            ? (FormattableString)$"{FrameShiftMs} gives {FrameShift} samples at {SampleRate} Hz; need at least 1."
            : $"must be at least 1 sample (got {FrameShift}).");
        check(SnipEdges || Center || FrameShift <= FrameLength, shiftOption,
            $"must not exceed the frame length ({FrameLength} samples) when SnipEdges is false (Kaldi's mirrored edges).");
        check(NFft is null || NFft >= FrameLength, nameof(NFft),
            $"{NFft} is shorter than the {FrameLength}-sample frame; it must be at least the frame length, which is zero-padded to it.");
        check(NFft is null || !RoundToPowerOfTwo, nameof(NFft),
            $"and RoundToPowerOfTwo exclude each other: the latter sets the FFT length to the frame's next power of two.");
        check(MelScale != MelScale.Kaldi || FftLength % 2 == 0, NFft is null ? nameof(RoundToPowerOfTwo) : nameof(NFft), NFft is null
            ? (FormattableString)$"must be set for the Kaldi mel layout, which needs an even FFT length (got {FftLength})."
            : $"must be even for the Kaldi mel layout (got {FftLength}).");
        return FrameLength >= 2 && FrameShift >= 1 && FftLength >= FrameLength;
    }

    private string DescribeFft() => NFft is not null ? "n_fft"
        : FrameLengthSamples is not null ? $"{FrameLength}-sample frame"
        : string.Create(CultureInfo.InvariantCulture, $"{FrameLengthMs} ms at {SampleRate} Hz");

    internal static int NextPowerOfTwo(int n)
    {
        var p = 1;
        while (p < n)
        {
            p <<= 1;
        }

        return p;
    }
}

using System.Runtime.Intrinsics;
using V = System.Runtime.Intrinsics.Vector256<float>;

namespace SpeechDisentangle.Audio.Features;

/// <summary>
/// Triangular mel filters stored sparsely: filter <c>b</c> covers spectrum bins
/// <c>OffsetOf(b) .. OffsetOf(b) + WeightsOf(b).Length - 1</c>. Immutable, so it may be shared between threads.
/// </summary>
public sealed unsafe class MelFilterBank
{
    private readonly int[] _offsets;
    private readonly double[][] _weights;
    private readonly AlignedBuffer<float> _singleWeights; // every filter's weights in float, back to back
    private readonly int[] _singleStarts; // where filter b starts in _singleWeights

    private MelFilterBank(int numFrequencies, double[,] dense)
    {
        NumFrequencies = numFrequencies;
        var bins = dense.GetLength(0);
        _offsets = new int[bins];
        _weights = new double[bins][];
        for (var b = 0; b < bins; b++)
        {
            var first = 0;
            while (first < numFrequencies && dense[b, first] == 0)
            {
                first++;
            }

            var last = numFrequencies - 1;
            while (last >= first && dense[b, last] == 0)
            {
                last--;
            }

            _offsets[b] = first;
            _weights[b] = new double[Math.Max(0, last - first + 1)];
            for (var k = first; k <= last; k++)
            {
                _weights[b][k - first] = dense[b, k];
            }
        }

        _singleStarts = new int[bins + 1];
        for (var b = 0; b < bins; b++)
        {
            _singleStarts[b + 1] = _singleStarts[b] + _weights[b].Length;
        }

        _singleWeights = new AlignedBuffer<float>(_singleStarts[bins]);
        for (var b = 0; b < bins; b++)
        {
            for (var k = 0; k < _weights[b].Length; k++)
            {
                _singleWeights.Span[_singleStarts[b] + k] = (float)_weights[b][k];
            }
        }
    }

    /// <summary>Number of filters.</summary>
    public int NumBins => _weights.Length;

    /// <summary>
    /// Filters that fall between two FFT bins and so weigh nothing: their output is always the log guard's
    /// constant (Kaldi refuses such settings, torchaudio warns about them).
    /// </summary>
    public int EmptyFilters => _weights.Count(w => w.Length == 0);

    /// <summary>Number of spectrum bins the filters read (FFT length / 2 + 1).</summary>
    public int NumFrequencies { get; }

    /// <summary>First spectrum bin of filter <paramref name="bin"/>.</summary>
    public int OffsetOf(int bin) => _offsets[bin];

    /// <summary>The non-zero span of weights of filter <paramref name="bin"/>, starting at <see cref="OffsetOf"/>.</summary>
    public ReadOnlySpan<double> WeightsOf(int bin) => _weights[bin];

    /// <summary>The filters the options describe (Kaldi layout for <see cref="MelScale.Kaldi"/>, torchaudio's otherwise).</summary>
    public static MelFilterBank Create(LogMelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.MelScale == MelScale.Kaldi
            ? CreateKaldi(options.NumMelBins, options.FftLength, options.SampleRate, options.LowFrequency, options.EffectiveHighFrequency, options.FilterNorm)
            : CreateTorchaudio(options.NumMelBins, (options.FftLength / 2) + 1, options.SampleRate, options.LowFrequency,
                options.EffectiveHighFrequency, options.MelScale, options.FilterNorm);
    }

    /// <summary>
    /// Kaldi's layout (torchaudio.compliance.kaldi.get_mel_banks without VTLN): centres equally spaced on
    /// 1127 ln(1 + f/700) between low and high; weights linear in mel over bins k * sr / fftLength for
    /// k &lt; fftLength / 2; the Nyquist bin gets weight 0.
    /// </summary>
    public static MelFilterBank CreateKaldi(int numBins, int fftLength, double sampleRate, double lowHz, double highHz,
        MelNorm norm = MelNorm.None)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numBins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(fftLength, 2);
        var numFrequencies = (fftLength / 2) + 1;
        var binWidth = sampleRate / fftLength;
        var melLow = MelScales.HzToMel(lowHz, MelScale.Kaldi);
        var melHigh = MelScales.HzToMel(highHz, MelScale.Kaldi);
        var delta = (melHigh - melLow) / (numBins + 1);
        var dense = new double[numBins, numFrequencies];
        for (var b = 0; b < numBins; b++)
        {
            var left = melLow + (b * delta);
            var centre = melLow + ((b + 1) * delta);
            var right = melLow + ((b + 2) * delta);
            var scale = norm == MelNorm.Slaney
                ? 2.0 / (MelScales.MelToHz(right, MelScale.Kaldi) - MelScales.MelToHz(left, MelScale.Kaldi))
                : 1.0;
            for (var k = 0; k < fftLength / 2; k++)
            {
                var mel = MelScales.HzToMel(binWidth * k, MelScale.Kaldi);
                var weight = Math.Min((mel - left) / (centre - left), (right - mel) / (right - centre));
                dense[b, k] = weight > 0 ? weight * scale : 0.0;
            }
        }

        return new MelFilterBank(numFrequencies, dense);
    }

    /// <summary>
    /// torchaudio.functional.melscale_fbanks: edges equally spaced on the chosen mel scale between fMin and fMax,
    /// triangles linear in Hz. Bin frequencies are linspace(0, sampleRate // 2, numFrequencies) exactly as
    /// torchaudio computes them (this differs from k * sr / n_fft only for odd FFT lengths).
    /// </summary>
    public static MelFilterBank CreateTorchaudio(int numBins, int numFrequencies, int sampleRate, double fMin, double fMax,
        MelScale scale, MelNorm norm)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numBins, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(numFrequencies, 2);
        var top = (double)(sampleRate / 2);
        var melMin = MelScales.HzToMel(fMin, scale);
        var melMax = MelScales.HzToMel(fMax, scale);
        var edges = new double[numBins + 2];
        for (var i = 0; i < edges.Length; i++)
        {
            edges[i] = MelScales.MelToHz(melMin + ((melMax - melMin) * i / (numBins + 1)), scale);
        }

        var dense = new double[numBins, numFrequencies];
        for (var b = 0; b < numBins; b++)
        {
            var lower = edges[b];
            var centre = edges[b + 1];
            var upper = edges[b + 2];
            var gain = norm == MelNorm.Slaney ? 2.0 / (upper - lower) : 1.0;
            for (var k = 0; k < numFrequencies; k++)
            {
                var hz = top * k / (numFrequencies - 1);
                var weight = Math.Min((hz - lower) / (centre - lower), (upper - hz) / (upper - centre));
                dense[b, k] = weight > 0 ? weight * gain : 0.0;
            }
        }

        return new MelFilterBank(numFrequencies, dense);
    }

    /// <summary>The filters as a dense (bins x frequencies) matrix.</summary>
    public double[,] ToDense()
    {
        var dense = new double[NumBins, NumFrequencies];
        for (var b = 0; b < NumBins; b++)
        {
            for (var k = 0; k < _weights[b].Length; k++)
            {
                dense[b, _offsets[b] + k] = _weights[b][k];
            }
        }

        return dense;
    }

    /// <summary>mel[b] = sum_k W[b, k] * spectrum[k].</summary>
    public void Apply(ReadOnlySpan<double> spectrum, Span<double> mel)
    {
        if (spectrum.Length < NumFrequencies)
        {
            throw new ArgumentException($"Spectrum has {spectrum.Length} bins; the filter bank needs {NumFrequencies}.", nameof(spectrum));
        }

        if (mel.Length < NumBins)
        {
            throw new ArgumentException($"Output has room for {mel.Length} bins; the filter bank has {NumBins}.", nameof(mel));
        }

        for (var b = 0; b < _weights.Length; b++)
        {
            var w = _weights[b];
            var s = spectrum.Slice(_offsets[b], w.Length);
            var sum = 0.0;
            for (var k = 0; k < w.Length; k++)
            {
                sum += w[k] * s[k];
            }

            mel[b] = sum;
        }
    }

    /// <summary>
    /// The same product in single precision on eight spectra at once (lane layout of <see cref="LaneTranspose"/>):
    /// mel[8b + l] = sum_k W[b, k] spectrum[8k + l]. Each filter reads only its band.
    /// </summary>
    internal void ApplyLanes(ReadOnlySpan<float> spectrum, Span<float> mel)
    {
        if (spectrum.Length < NumFrequencies * LaneTranspose.Lanes || mel.Length < NumBins * LaneTranspose.Lanes)
        {
            throw new ArgumentException($"Eight-lane mel product needs {NumFrequencies * LaneTranspose.Lanes} spectrum and {NumBins * LaneTranspose.Lanes} "
                + $"output floats; got {spectrum.Length} and {mel.Length}.");
        }

        fixed (float* p = spectrum, m = mel)
        {
            ApplyLanes(p, m);
        }
    }

    /// <summary>Pointer form of <see cref="ApplyLanes(ReadOnlySpan{float}, Span{float})"/> (no checks).</summary>
    internal void ApplyLanes(float* spectrum, float* mel)
    {
        V* p = (V*)spectrum, m = (V*)mel;
        var w = _singleWeights.Pointer;
        for (var b = 0; b < _offsets.Length; b++)
        {
            var band = p + _offsets[b];
            int start = _singleStarts[b], count = _singleStarts[b + 1] - start;
            var sum = V.Zero;
            for (var k = 0; k < count; k++)
            {
                sum = Vector256.MultiplyAddEstimate(Vector256.Create(w[start + k]), band[k], sum);
            }

            m[b] = sum;
        }

        GC.KeepAlive(this);
    }
}

using SpeechDisentangle.Common;

using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Vocoder;

/// <summary>
/// A log-mel back to a linear STFT magnitude: the mel filter bank inverted by its pseudo-inverse (clamped at zero),
/// then refined by non-negative least squares so that the magnitude's mel matches the input. What Griffin-Lim starts
/// from, and the neural vocoder's magnitude prior.
/// </summary>
public sealed class MelInversion : IDisposable
{
    private readonly Tensor _inverseFilterBank;  // [FrequencyBins, NMels]: pinv(fb^T)
    private readonly Tensor _filterBank;         // [FrequencyBins, NMels]
    // The same filter bank as sparse matrices for the CPU: a bin lies in at most two triangular filters, so the
    // least-squares updates' two products touch about 2 x FrequencyBins weights instead of the dense Gram matrix's
    // FrequencyBins^2.
    private readonly Tensor _sparseFilterBank;           // [FrequencyBins, NMels]
    private readonly Tensor _sparseFilterBankTransposed; // [NMels, FrequencyBins]

    public MelInversion(MelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        Spec = spec;
        _filterBank = MelFilterBank.BuildTensor(spec);
        using (var fb64 = _filterBank.to(ScalarType.Float64))
        using (var fbT = fb64.t())
        using (var pinv = linalg.pinv(fbT))
            _inverseFilterBank = pinv.to(ScalarType.Float32);
        _sparseFilterBank = _filterBank.to_sparse();
        using (var transposedView = _filterBank.t())
        using (var transposed = transposedView.contiguous())
            _sparseFilterBankTransposed = transposed.to_sparse();
    }

    public MelSpec Spec { get; }

    /// <summary>Linear magnitude |STFT| [.., FrequencyBins, T] of a log-mel [.., NMels, T]; no gradient flows through it.</summary>
    /// <param name="nnlsIterations">Multiplicative least-squares updates after the clamped pseudo-inverse; 0 = none.</param>
    public Tensor LinearMagnitude(Tensor logMel, int nnlsIterations)
    {
        CheckBands(logMel, Spec.NMels, "log-mel");
        ArgumentOutOfRangeException.ThrowIfNegative(nnlsIterations);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var mel = TorchLogMel.FromLog(logMel.to(ScalarType.Float32), Spec);
        var linear = matmul(_inverseFilterBank.to(logMel.device), mel).clamp_min(0.0);
        if (nnlsIterations > 0) linear = RefineNonNegative(linear, mel, nnlsIterations);
        return ToMagnitude(linear).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A magnitude [.., FrequencyBins, T] moved towards the log-mel [.., NMels, T] it should have, keeping its detail
    /// where the mel does not decide it: the least-squares updates of <see cref="LinearMagnitude"/>, started from
    /// <paramref name="magnitude"/> rather than from the pseudo-inverse. No gradient flows through it.
    /// </summary>
    public Tensor FitToMel(Tensor magnitude, Tensor logMel, int nnlsIterations)
    {
        CheckBands(magnitude, Spec.FrequencyBins, "magnitude");
        CheckBands(logMel, Spec.NMels, "log-mel");
        if (magnitude.shape[^1] != logMel.shape[^1])
            throw new ArgumentException($"magnitude has {magnitude.shape[^1]} frames, the log-mel {logMel.shape[^1]}");
        if (!magnitude.shape[..^2].SequenceEqual(logMel.shape[..^2]))
            throw new ArgumentException($"magnitude [{string.Join(", ", magnitude.shape)}] and log-mel [{string.Join(", ", logMel.shape)}] must have the same leading dimensions");
        ArgumentOutOfRangeException.ThrowIfNegative(nnlsIterations);
        using var _ = no_grad();
        using var scope = NewDisposeScope();
        var mel = TorchLogMel.FromLog(logMel.to(ScalarType.Float32), Spec);
        var start = magnitude.to(ScalarType.Float32);
        if (Spec.Power != 1.0) start = start.pow(Spec.Power);
        return ToMagnitude(RefineNonNegative(start, mel, nnlsIterations)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Lee-Seung multiplicative updates for min ‖fb^T x − mel‖² with x ≥ 0: x ← x · (fb mel) / (fb fb^T x). Zeros stay
    /// zero under these updates, so the start is lifted by a small floor first. On the CPU the products are taken with
    /// the sparse filter bank, the frames as columns; elsewhere with the dense Gram matrix, one kernel a step.
    /// </summary>
    private Tensor RefineNonNegative(Tensor start, Tensor mel, int iterations)
    {
        var lifted = start + (start.mean([-2], keepdim: true) * 1e-3) + 1e-12;
        if (mel.device.type != DeviceType.CPU)
        {
            var dense = _filterBank.to(mel.device);
            var denseNumerator = matmul(dense, mel);
            var gram = matmul(dense, dense.t());
            for (var i = 0; i < iterations; i++)
                lifted = lifted * denseNumerator / (matmul(gram, lifted) + 1e-12);
            return lifted;
        }
        // [.., F, T] -> [F, (..) T]: a sparse product needs two dimensions.
        var shape = lifted.shape;
        Tensor Columns(Tensor t) => t.dim() == 2 ? t : t.movedim([-2L], [0L]).reshape(t.shape[^2], -1);
        var numerator = matmul(_sparseFilterBank, Columns(mel));
        var x = Columns(lifted).contiguous();
        for (var i = 0; i < iterations; i++)
        {
            using var bands = matmul(_sparseFilterBankTransposed, x);
            using var denominator = matmul(_sparseFilterBank, bands);
            x.mul_(numerator).div_(denominator.add_(1e-12));
        }
        return shape.Length == 2 ? x : x.reshape([shape[^2], .. shape[..^2], shape[^1]]).movedim([0L], [-2L]).contiguous();
    }

    /// <summary>|STFT| of the spectrum the mel filter bank reads (|STFT|^Power).</summary>
    private Tensor ToMagnitude(Tensor linear) => Spec.Power == 1.0 ? linear : linear.pow(1.0 / Spec.Power);

    private static void CheckBands(Tensor x, long bands, string what)
    {
        ArgumentNullException.ThrowIfNull(x);
        if (x.dim() < 2 || x.shape[^2] != bands)
            throw new ArgumentException($"{what} must be [.., {bands}, T] (channels-first), got [{string.Join(", ", x.shape)}]");
    }

    public void Dispose()
    {
        _inverseFilterBank.Dispose();
        _filterBank.Dispose();
        _sparseFilterBank.Dispose();
        _sparseFilterBankTransposed.Dispose();
    }
}

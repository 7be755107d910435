using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Sit;

/// <summary>
/// A running estimate of the mean and covariance of embeddings [B, D] and the whitening transform built from it,
/// (Σ + εI)^(-1/2) with ε = <c>shrinkage</c> × the mean eigenvalue (so directions with almost no variance are not
/// magnified without bound). The estimate is an exponential moving average over batches (the first batch sets it),
/// kept in buffers so checkpoints carry it and a resumed run continues exactly. No gradient flows through it:
/// it is a fixed coordinate system for the current step, not something the encoder can shrink.
/// </summary>
public sealed class RunningWhitening : nn.Module
{
    readonly Tensor _mean;
    readonly Tensor _covariance;
    readonly Tensor _transform;
    readonly Tensor _updates;
    readonly double _momentum;
    readonly double _shrinkage;
    bool _seeded;   // whether the buffers hold an estimate (read from them once, so a resumed run needs no flag)

    public RunningWhitening(long dims, double momentum, double shrinkage) : base(nameof(RunningWhitening))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dims, 1);
        if (!(momentum > 0 && momentum <= 1)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "momentum must be in (0, 1]");
        if (!(shrinkage > 0)) throw new ArgumentOutOfRangeException(nameof(shrinkage), shrinkage, "shrinkage must be > 0");
        _momentum = momentum;
        _shrinkage = shrinkage;
        _mean = zeros(dims);
        _covariance = eye(dims);
        _transform = eye(dims);
        _updates = zeros(1, dtype: ScalarType.Int64);
        register_buffer("mean", _mean);
        register_buffer("covariance", _covariance);
        register_buffer("transform", _transform);
        register_buffer("updates", _updates);
    }

    /// <summary>Folds a batch [B, D] (B &gt;= 2) into the running estimate and rebuilds the transform.</summary>
    public void Update(Tensor batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var x = batch.detach().to(_mean.dtype);
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.t().matmul(centred) / Math.Max(1, x.shape[0] - 1);
        // The first batch sets the estimate; the zero/identity initial values are only placeholders.
        _seeded = _seeded || _updates.item<long>() > 0;
        double keep = _seeded ? 1 - _momentum : 0;
        _seeded = true;
        _mean.mul_(keep).add_(mean, alpha: 1 - keep);
        _covariance.mul_(keep).add_(covariance, alpha: 1 - keep);
        _updates.add_(1);
        var (eigenvalues, eigenvectors) = linalg.eigh(_covariance);
        var floor = eigenvalues.clamp_min(0).mean() * _shrinkage + 1e-8;
        var scale = (eigenvalues.clamp_min(0) + floor).rsqrt();
        _transform.copy_(eigenvectors.matmul(diag(scale)).matmul(eigenvectors.t()));
    }

    /// <summary>(x - running mean) × transform; gradients flow to <paramref name="x"/> only.</summary>
    public Tensor Apply(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        return (x - _mean.to(x.dtype)).matmul(_transform.to(x.dtype));
    }
}

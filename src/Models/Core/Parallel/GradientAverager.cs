using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Parallel;

/// <summary>
/// Averages one optimizer's gradients over the ranks with one in-place allreduce per call. A <see cref="FlatAdam"/>
/// already keeps every gradient in one flat buffer, which is reduced where it is (no copy; hence
/// <c>trainer.flat_adam: true</c> is the data-parallel setting for Adam). Any other optimizer's gradients are packed
/// back to back into one flat buffer, reduced, and copied back: one copy each way. A parameter without a gradient on
/// this rank adds zeros and is left without one.
/// </summary>
internal sealed class GradientAverager : IDisposable
{
    readonly IDataParallel _parallel;
    readonly Tensor? _flat;
    readonly List<Parameter> _parameters;
    readonly Tensor? _packed;

    public GradientAverager(OptimizerHelper optimizer, IEnumerable<Parameter> parameters, IDataParallel parallel)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(parameters);
        _parallel = parallel ?? throw new ArgumentNullException(nameof(parallel));
        _parameters = [.. parameters.DistinctBy(p => p.Handle)];
        if (optimizer is FlatAdam flat) _flat = flat.Gradients;
        else if (_parameters.Count > 0)
        {
            var first = _parameters[0];
            _packed = zeros(_parameters.Sum(p => p.numel()), dtype: first.dtype, device: first.device).DetachFromDisposeScope();
        }
    }

    /// <summary>Elements reduced per call.</summary>
    public long Elements => (_flat ?? _packed)?.numel() ?? 0;

    /// <summary>Replaces every gradient with its mean over the ranks.</summary>
    public void Average()
    {
        using var noGrad = no_grad();
        if (_flat is not null)
        {
            _parallel.SumInPlace(_flat);
            _flat.div_(_parallel.Size);
            return;
        }
        if (_packed is null) return;
        using var scope = NewDisposeScope();
        long offset = 0;
        foreach (var p in _parameters)
        {
            var slice = _packed.narrow(0, offset, p.numel());
            if (p.grad is { } g) slice.copy_(g.reshape(-1));
            else slice.zero_();
            offset += p.numel();
        }
        _parallel.SumInPlace(_packed);
        _packed.div_(_parallel.Size);
        offset = 0;
        foreach (var p in _parameters)
        {
            p.grad?.copy_(_packed.narrow(0, offset, p.numel()).view_as(p.grad));
            offset += p.numel();
        }
    }

    public void Dispose() => _packed?.Dispose();
}

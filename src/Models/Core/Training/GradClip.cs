using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Core.Training;

/// <summary>
/// Clips the global L2 norm of gradients on the device. TorchSharp's clip_grad_norm_ returns the norm as a double,
/// which would force a host sync every step; this keeps the norm a tensor.
/// </summary>
public static class GradClip
{
    /// <summary>Scales the gradients of <paramref name="parameters"/> so their joint L2 norm is at most <paramref name="maxNorm"/>; returns the norm before clipping.</summary>
    public static Tensor ClipNorm(IEnumerable<Parameter> parameters, double maxNorm)
    {
        var grads = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (grads.Count == 0) return zeros(1);
        using var _ = no_grad();
        var squares = grads.Select(g => g.detach().pow(2).sum()).ToList();
        var total = stack(squares).sum().sqrt();
        var scale = (maxNorm / (total + 1e-6)).clamp_max(1.0);
        foreach (var g in grads) g.mul_(scale.to(g.dtype));
        return total;
    }
}

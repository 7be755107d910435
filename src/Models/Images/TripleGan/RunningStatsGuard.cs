using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.TripleGan;

/// <summary>
/// While alive, the batch-norm layers of a module still normalise with batch statistics in train mode but do not
/// move their running statistics (momentum 0; the previous momentum comes back on dispose). Wraps a forward pass on
/// images that must not shape the statistics used at test time (Triple-GAN's classifier on G's samples). The
/// running buffers are not written afterwards, since autograd may hold them for the backward pass.
/// </summary>
public sealed class RunningStatsGuard : IDisposable
{
    private readonly List<(NormBase Layer, double? Momentum)> _layers = [];

    public RunningStatsGuard(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var layer in module.modules().OfType<NormBase>())
        {
            _layers.Add((layer, layer.momentum));
            layer.momentum = 0;
        }
    }

    public void Dispose()
    {
        foreach (var (layer, momentum) in _layers) layer.momentum = momentum;
        _layers.Clear();
    }
}

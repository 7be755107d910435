using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Layers;

/// <summary>
/// A linear classifier, or with hidden units a one-hidden-layer ReLU MLP; works on [..., inputs]. With
/// <c>normalizeInputs</c> every input dimension first goes through batch norm without learned scale or shift, so the
/// classifier sees each dimension at unit scale (as a probe on standardised embeddings does) and an adversary cannot
/// hide information from it by shrinking a dimension.
/// </summary>
public sealed class ClassifierHead : nn.Module<Tensor, Tensor>
{
    readonly BatchNorm1d? _norm;
    readonly Sequential _net;

    public ClassifierHead(long inputs, int hidden, long classes, bool normalizeInputs = false) : base(nameof(ClassifierHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        _norm = normalizeInputs ? nn.BatchNorm1d(inputs, affine: false) : null;
        _net = hidden == 0
            ? nn.Sequential(("out", nn.Linear(inputs, classes)))
            : nn.Sequential(("hidden", nn.Linear(inputs, hidden)), ("relu", nn.ReLU()), ("out", nn.Linear(hidden, classes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input)
    {
        if (_norm is null) return _net.forward(input);
        // Batch norm wants [N, C]: fold any leading dimensions (e.g. frames) into N and restore them after.
        var shape = input.shape;
        var normalized = _norm.forward(input.reshape(-1, shape[^1])).reshape(shape);
        return _net.forward(normalized);
    }
}

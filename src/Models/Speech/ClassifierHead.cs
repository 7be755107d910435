using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Speech;

/// <summary>A linear classifier, or with hidden units a one-hidden-layer ReLU MLP; works on [..., inputs].</summary>
public sealed class ClassifierHead : nn.Module<Tensor, Tensor>
{
    readonly Sequential _net;

    public ClassifierHead(long inputs, int hidden, long classes) : base(nameof(ClassifierHead))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inputs, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(hidden);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        _net = hidden == 0
            ? nn.Sequential(("out", nn.Linear(inputs, classes)))
            : nn.Sequential(("hidden", nn.Linear(inputs, hidden)), ("relu", nn.ReLU()), ("out", nn.Linear(hidden, classes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _net.forward(input);
}

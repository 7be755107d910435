using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>Content code [B, CodeChannels, T] to speaker logits [B, Speakers]: two convs, mean over time, linear.</summary>
internal sealed class CodeSpeakerClassifier : Module<Tensor, Tensor>
{
    private readonly Module<Tensor, Tensor> _conv1;
    private readonly Module<Tensor, Tensor> _act;
    private readonly Module<Tensor, Tensor> _conv2;
    private readonly Module<Tensor, Tensor> _output;

    public CodeSpeakerClassifier(AdversarialVcOptions o) : base(nameof(CodeSpeakerClassifier))
    {
        _conv1 = Conv1d(o.CodeChannels, o.ClassifierChannels, o.KernelSize, padding: o.KernelSize / 2);
        _act = LeakyReLU(0.2);
        _conv2 = Conv1d(o.ClassifierChannels, o.ClassifierChannels, o.KernelSize, padding: o.KernelSize / 2);
        _output = Linear(o.ClassifierChannels, o.Speakers);
        RegisterComponents();
    }

    public override Tensor forward(Tensor code)
    {
        using var scope = NewDisposeScope();
        var h = _act.call(_conv2.call(_act.call(_conv1.call(code))));
        return _output.call(h.mean([-1])).MoveToOuterDisposeScope();
    }
}

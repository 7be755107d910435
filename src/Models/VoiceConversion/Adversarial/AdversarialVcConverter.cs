using SpeechDisentangle.Models.VoiceConversion.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>Adversarial VC converts to a training speaker id; its content code is the encoder output.</summary>
public sealed class AdversarialVcConverter(AdversarialVcModel model) : IVcConverter
{
    public bool OneShot => false;

    public Tensor Convert(Tensor sourceMel, VcTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.SpeakerId is not int id)
            throw new ArgumentException($"the adversarial VC model converts only to its training speakers; '{target.Speaker}' is not one of them");
        return model.Convert(sourceMel, id);
    }

    public Tensor ContentCode(Tensor mel)
    {
        model.eval();
        using var _ = no_grad();
        using var batched = mel.unsqueeze(0);
        using var code = model.Encode(batched);
        return code.squeeze(0);
    }
}

using SpeechDisentangle.Models.VoiceConversion;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tasks.VoiceConversion;

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

/// <summary>AdaIN-VC converts to the voice of a reference utterance; its content code is the instance-normalised mean.</summary>
public sealed class AdaInVcConverter(AdaInVcModel model) : IVcConverter
{
    public bool OneShot => true;

    public Tensor Convert(Tensor sourceMel, VcTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.ReferenceMel is null)
            throw new ArgumentException($"AdaIN-VC needs a reference utterance of the target voice '{target.Speaker}'");
        return model.Convert(sourceMel, target.ReferenceMel);
    }

    public Tensor ContentCode(Tensor mel)
    {
        model.eval();
        using var _ = no_grad();
        using var batched = mel.unsqueeze(0);
        var (mean, logVariance) = model.EncodeContent(batched);
        logVariance.Dispose();
        using (mean) return mean.squeeze(0);
    }
}

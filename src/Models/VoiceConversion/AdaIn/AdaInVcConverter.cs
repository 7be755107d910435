using SpeechDisentangle.Models.VoiceConversion.Common;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.AdaIn;

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

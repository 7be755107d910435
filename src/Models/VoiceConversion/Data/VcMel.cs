using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.VoiceConversion.Data;

/// <summary>The voice-conversion models' view of an utterance's log-mel features.</summary>
public static class VcMel
{
    /// <summary>The log-mel as a CPU tensor [Bins, Frames] (channels-first), normalised as (x − offset) / scale.</summary>
    public static Tensor ToMel(this SpeechUtterance utterance, double offset, double scale)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        using var rows = tensor(utterance.Feats, [utterance.Frames, utterance.Bins]);
        return rows.t().sub(offset).div(scale).contiguous();
    }
}

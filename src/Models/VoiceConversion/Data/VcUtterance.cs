namespace SpeechDisentangle.Models.VoiceConversion.Data;

/// <summary>One utterance of a feature data dir: its log-mel, row-major frames x bins (as stored in the ark).</summary>
public sealed record VcUtterance(string Utt, string Speaker, string Text, float[] Feats, int Frames, int Bins)
{
    /// <summary>The log-mel as a CPU tensor [Bins, Frames] (channels-first), normalised as (x − offset) / scale.</summary>
    public TorchSharp.torch.Tensor ToMel(double offset, double scale)
    {
        using var rows = TorchSharp.torch.tensor(Feats, [Frames, Bins]);
        return rows.t().sub(offset).div(scale).contiguous();
    }
}

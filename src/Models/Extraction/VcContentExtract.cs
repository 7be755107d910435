using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.VoiceConversion.Data;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Extraction;

/// <summary>
/// The content encoder of a VC model (vc-adain: the mean of its content code; vc-adv: its code). The input is the raw
/// log-mel scaled as in training, (x − offset) / scale, with no CMVN. The frames are the code transposed to
/// [T', channels] (vc-adain with content_downsample gives ceil(T / downsample) frames). These models have no
/// embedding head, so the embedding is the code's mean over time; vc-adain instance-normalises its code, so that
/// mean is close to zero for every utterance and the frames carry the information.
/// </summary>
internal sealed class VcContentExtract(string kind, nn.Module model, int nMels, int channels, Func<Tensor, Tensor> encode,
    double offset, double scale) : ExtractEncoder
{
    public override string Kind => kind;
    public override int InputBins => nMels;
    public override int MinFrames => 1;
    public override int FrameDim => channels;
    public override int EmbeddingDim => channels;
    public override CmvnMode Cmvn => CmvnMode.None;
    public override bool NormVars => false;

    public override void Eval() => model.eval();

    public override EncodedUtterance Encode(SpeechUtterance utterance)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = model.parameters().First().device;
        var mel = utterance.ToMel(offset, scale).unsqueeze(0).to(device);
        var frames = encode(mel)[0].t().cpu().contiguous();
        var embedding = frames.mean([0]);
        return new EncodedUtterance(frames.data<float>().ToArray(), (int)frames.shape[0], embedding.data<float>().ToArray());
    }
}

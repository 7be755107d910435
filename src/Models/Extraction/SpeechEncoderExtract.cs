using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Extraction;

/// <summary>
/// A <see cref="SpeechEncoder"/> (sit, dann-speech): T - receptive field + 1 output frames, and the encoder's own
/// pooled embedding (the one its classifiers read).
/// </summary>
internal sealed class SpeechEncoderExtract(string kind, SpeechEncoder encoder, CmvnMode cmvn, bool normVars) : ExtractEncoder
{
    public override string Kind => kind;
    public override int InputBins => encoder.Options.InputBins;
    public override int MinFrames => encoder.ReceptiveField;
    public override int FrameDim => encoder.FrameDim;
    public override int EmbeddingDim => encoder.PooledDim;
    public override CmvnMode Cmvn => cmvn;
    public override bool NormVars => normVars;

    public override void Eval() => encoder.eval();

    public override EncodedUtterance Encode(SpeechUtterance utterance)
    {
        ArgumentNullException.ThrowIfNull(utterance);
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var device = encoder.parameters().First().device;
        var feats = tensor(utterance.Feats, [1, utterance.Frames, utterance.Bins]).to(device);
        var lengths = tensor(new long[] { utterance.Frames }).to(device);
        var output = encoder.forward(feats, lengths);
        var frames = output.Frames[0].cpu().contiguous();
        return new EncodedUtterance(frames.data<float>().ToArray(), (int)frames.shape[0], output.Pooled[0].cpu().data<float>().ToArray());
    }
}

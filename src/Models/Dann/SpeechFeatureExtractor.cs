using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>DANN features from speech: the pooled embedding of a <see cref="SpeechEncoder"/>. Reads "feats" [B, T, F] and "lengths" [B].</summary>
public sealed class SpeechFeatureExtractor : DannFeatureExtractor
{
    readonly SpeechEncoder _encoder;

    public SpeechFeatureExtractor(SpeechEncoderOptions options) : base(nameof(SpeechFeatureExtractor))
    {
        _encoder = new SpeechEncoder(options);
        RegisterComponents();
    }

    public SpeechEncoder Encoder => _encoder;

    public override long OutputDim => _encoder.PooledDim;

    public override Tensor forward(Batch input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _encoder.forward(input.Get(SpeechBatchKeys.Feats), input.Get(SpeechBatchKeys.Lengths)).Pooled;
    }
}

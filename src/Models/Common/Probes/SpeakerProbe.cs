using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>How much speaker identity a frozen encoder's pooled embeddings carry (see <see cref="EmbeddingProbe"/>).</summary>
public static class SpeakerProbe
{
    /// <summary>Probes label key "speaker" with <paramref name="speakers"/> classes; other probe settings from <paramref name="options"/>.</summary>
    public static ProbeResult Run(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> train, IReadOnlyDictionary<string, Tensor> held, int speakers, ProbeOptions? options = null) =>
        EmbeddingProbe.Run(encoder, train, held, speakers, (options ?? new ProbeOptions()) with { LabelKey = SpeechBatchKeys.Speaker });
}

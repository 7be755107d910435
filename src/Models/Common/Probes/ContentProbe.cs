using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>How much utterance-level content a frozen encoder's pooled embeddings carry (see <see cref="EmbeddingProbe"/>).</summary>
public static class ContentProbe
{
    /// <summary>Probes label key "content" with <paramref name="classes"/> classes; other probe settings from <paramref name="options"/>.</summary>
    public static ProbeResult Run(SpeechEncoder encoder, IReadOnlyDictionary<string, Tensor> train, IReadOnlyDictionary<string, Tensor> held, int classes, ProbeOptions? options = null) =>
        EmbeddingProbe.Run(encoder, train, held, classes, (options ?? new ProbeOptions()) with { LabelKey = SpeechBatchKeys.Content });
}

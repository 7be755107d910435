using SpeechDisentangle.Models.Common.SpeechData;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Metrics;

/// <summary>Accuracy helpers that skip ignored labels and never divide by zero (an empty selection gives 0).</summary>
public static class ClassificationStats
{
    /// <summary>Share of rows of logits [N, C] whose arg-max equals labels [N], over the rows where labels != -100.</summary>
    public static Tensor Accuracy(Tensor logits, Tensor labels)
    {
        var valid = labels.ne(SpeechBatchKeys.Ignore);
        var hits = logits.argmax(-1).eq(labels).logical_and(valid);
        return hits.sum().to(ScalarType.Float32) / valid.sum().clamp_min(1).to(ScalarType.Float32);
    }
}

using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>Evaluation batches of one domain's images: the domain tells per-domain batch norm which statistics to use.</summary>
static class DomainRows
{
    public static Batch Of(Tensor x, long domain) =>
        new() { ["x"] = x, ["domain"] = full(x.shape[0], domain, dtype: ScalarType.Int64, device: x.device) };
}

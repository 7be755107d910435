using TorchSharp;

namespace SpeechDisentangle.Models.Tests.Core.Training;

/// <summary>A fact that needs a CUDA device: where torch finds none it is reported as skipped, never as passed.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available()) Skip = "no CUDA device here (TorchSharp-cpu build or no GPU): this GPU test did not run";
    }
}

using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>A task whose model can draw new images (what `sdt sample` needs).</summary>
public interface ISamplingTask
{
    /// <summary>
    /// <paramref name="n"/> generated images [n, 1, 28, 28] in [-1, 1] on the CPU, drawn in eval mode with
    /// <paramref name="generator"/>. Class-conditional models cycle the classes (image i has class i mod classes).
    /// </summary>
    Tensor Sample(ITrainable model, int n, Generator? generator);
}

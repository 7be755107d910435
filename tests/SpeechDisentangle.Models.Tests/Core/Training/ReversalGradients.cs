using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

/// <summary>Checks of gradient-reversal wiring shared by the SIT and DANN tests.</summary>
internal static class ReversalGradients
{
    /// <summary>The gradient of <paramref name="loss"/> on <paramref name="watched"/>, flattened into one vector
    /// (every gradient of <paramref name="module"/> is zeroed first).</summary>
    public static Tensor Of(nn.Module module, IReadOnlyList<Parameter> watched, Func<Tensor> loss)
    {
        foreach (var p in module.parameters()) p.grad?.zero_();
        loss().backward();
        return cat(watched.Select(p => p.grad!.flatten().clone()).ToList());
    }

    /// <summary>|turn - (task - lambda x adversary)| / |task - lambda x adversary|, over all parameters at once (a bias
    /// that feeds a batch norm has a gradient of rounding noise only, so per-tensor ratios would mislead).</summary>
    public static float RelativeError(Tensor turn, Tensor task, Tensor adversary, double lambda)
    {
        var expected = task - (lambda * adversary);
        return (turn - expected).norm().item<float>() / expected.norm().item<float>();
    }
}

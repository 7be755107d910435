using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Layers;

/// <summary>Small helpers for evaluating image modules in chunks.</summary>
public static class ModuleExtensions
{
    /// <summary>The device of the module's first parameter (CPU when it has none).</summary>
    public static Device DeviceOf(this nn.Module module) =>
        module.parameters().FirstOrDefault()?.device ?? CPU;

    /// <summary>Parameters of several modules as one list, for an <c>OptimizerSpec</c>.</summary>
    public static IReadOnlyList<TorchSharp.Modules.Parameter> ParametersOf(params nn.Module[] modules) =>
        [.. modules.SelectMany(m => m.parameters())];

    /// <summary>
    /// Runs <paramref name="compute"/> in eval mode under no_grad and returns its result on the CPU; the module's
    /// train/eval mode is restored afterwards.
    /// </summary>
    public static Tensor Evaluate(this nn.Module module, Func<Tensor> compute)
    {
        ArgumentNullException.ThrowIfNull(compute);
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            return compute().cpu().MoveToOuterDisposeScope();
        }
        finally
        {
            module.train(wasTraining);
        }
    }

    /// <summary>
    /// Applies <paramref name="map"/> to <paramref name="x"/> in chunks of <paramref name="batchSize"/> rows in eval
    /// mode under no_grad, on the module's device, and concatenates the results on the CPU. The module's
    /// train/eval mode is restored afterwards.
    /// </summary>
    public static Tensor MapInChunks(this nn.Module module, Tensor x, Func<Tensor, Tensor> map, int batchSize = 256)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (x.shape[0] == 0) throw new ArgumentException("cannot evaluate an empty image set", nameof(x));
        var wasTraining = module.training;
        module.eval();
        try
        {
            using var noGrad = no_grad();
            var device = module.DeviceOf();
            var parts = new List<Tensor>();
            for (long start = 0; start < x.shape[0]; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var chunk = x.narrow(0, start, Math.Min(batchSize, x.shape[0] - start)).to(device);
                parts.Add(map(chunk).cpu().MoveToOuterDisposeScope());
            }
            var result = cat(parts, 0);
            foreach (var p in parts) p.Dispose();
            return result;
        }
        finally
        {
            module.train(wasTraining);
        }
    }
}

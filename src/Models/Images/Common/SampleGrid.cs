using SpeechDisentangle.Models.Core.Tasks;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Images.Common;

/// <summary>What `sdt sample` does: draws samples of a trained generative model into one PNG grid.</summary>
public static class SampleGrid
{
    /// <summary>
    /// Draws <paramref name="n"/> samples (rows of <paramref name="columns"/>) with <paramref name="seed"/> and saves
    /// them to <paramref name="outPath"/>. Throws when the experiment's model cannot sample.
    /// </summary>
    public static string Save(LoadedExperiment experiment, string outPath, int n = 100, int columns = 10, long seed = 0)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        if (experiment.Task is not ISamplingTask sampler)
        {
            var able = ModelRegistry.All.Where(t => t is ISamplingTask).Select(t => t.Name);
            throw new InvalidOperationException(
                $"model '{experiment.Task.Name}' of '{experiment.Directory}' cannot draw samples; models that can: {string.Join(", ", able)}");
        }
        if (n < 1 || columns < 1 || n % columns != 0)
            throw new ArgumentException($"--n {n} must be a positive multiple of the {columns} columns");
        experiment.Model.Module.eval();
        using var samples = sampler.Sample(experiment.Model, n, random.manual_seed(seed));
        return ImageTaskPictures.SaveGrid(outPath, samples, columns, $"{experiment.Task.Name}: {n} samples (seed {seed})");
    }
}

using SpeechDisentangle.Models.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.VoiceConversion;

/// <summary>
/// Drives an <see cref="ITrainable"/> through its turns for a few steps (Adam for every optimizer), standing in for
/// the shared Trainer in these unit tests. Returns each step's stats as floats, keyed "turn/stat".
/// </summary>
internal static class StepLoop
{
    public static List<Dictionary<string, float>> Train(ITrainable trainable, Func<int, Batch> batchAt, int steps, long seed)
    {
        var optimizers = trainable.Optimizers.ToDictionary(
            o => o.Name,
            o => (optim.Optimizer)optim.Adam(o.Parameters, o.Settings.LearningRate, o.Settings.Beta1, o.Settings.Beta2));
        var clip = trainable.Optimizers.ToDictionary(o => o.Name, o => o);
        var generator = new Generator((ulong)seed, CPU);
        var history = new List<Dictionary<string, float>>();
        trainable.Module.train();
        for (var step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = batchAt(step);
            var context = new StepContext(step, (double)step / steps, CPU, generator);
            var record = new Dictionary<string, float>();
            foreach (var turn in trainable.Turns)
            {
                var output = trainable.Step(batch, turn, Stage.Train, context);
                var optimizer = optimizers[output.Optimizer];
                optimizer.zero_grad();
                output.Loss.backward();
                var spec = clip[output.Optimizer];
                if (spec.Settings.GradClipNorm > 0) nn.utils.clip_grad_norm_(spec.Parameters, spec.Settings.GradClipNorm);
                optimizer.step();
                foreach (var (name, value) in output.Stats) record[$"{turn}/{name}"] = value.item<float>();
            }
            history.Add(record);
        }
        foreach (var optimizer in optimizers.Values) optimizer.Dispose();
        return history;
    }

    /// <summary>Mean of a stat over the first or last <paramref name="count"/> steps.</summary>
    public static double Mean(IEnumerable<Dictionary<string, float>> history, string key, int count) =>
        history.Take(count).Average(r => r[key]);

    public static double MeanLast(List<Dictionary<string, float>> history, string key, int count) =>
        history.Skip(history.Count - count).Average(r => r[key]);

    /// <summary>Valid-stage stats of one turn averaged over a few fresh batches.</summary>
    public static double Evaluate(ITrainable trainable, Func<Batch> nextBatch, string turn, string stat, int batches)
    {
        trainable.Module.eval();
        using var _ = no_grad();
        var total = 0.0;
        for (var i = 0; i < batches; i++)
        {
            using var scope = NewDisposeScope();
            var output = trainable.Step(nextBatch(), turn, Stage.Valid, new StepContext(0, 1.0, CPU, null));
            total += output.Stats[stat].item<float>();
        }
        trainable.Module.train();
        return total / batches;
    }
}

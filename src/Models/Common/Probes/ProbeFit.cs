using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Common.Probes;

/// <summary>How the batches of a probe's training are cut.</summary>
public enum ProbeBatches
{
    /// <summary>Each epoch is one pass over the rows in a fresh random order (one batch of all rows when the batch size covers them).</summary>
    Shuffled,

    /// <summary>Every batch is drawn afresh: rows picked at random with replacement.</summary>
    Resampled,
}

/// <summary>How a probe is trained: steps, batch size and order, seed, device and optimizer.</summary>
/// <param name="Steps">Optimizer steps.</param>
/// <param name="BatchSize">Rows per batch (capped at the number of rows).</param>
/// <param name="Optimizer">The probe's optimizer, "main".</param>
/// <param name="Seed">Seeds the probe's initial weights, the batch order and dropout.</param>
/// <param name="Device">Where the probe trains ("cpu", "cuda", "auto").</param>
/// <param name="Batches">How batches are cut.</param>
public sealed record ProbeTraining(long Steps, int BatchSize, OptimizerSettings Optimizer, long Seed = 0, string Device = "cpu",
    ProbeBatches Batches = ProbeBatches.Shuffled);

/// <summary>
/// The one way to fit a probe (a classifier of fixed inputs: embedding probes, speaker and word judges, logistic
/// regression on features): cross-entropy through the shared <see cref="Trainer"/>, in memory, then accuracy and
/// predictions in eval mode without gradients.
/// </summary>
public static class ProbeFit
{
    const int EvalBatch = 1024;

    /// <summary>
    /// Builds a probe with <paramref name="build"/> (after seeding, so its initial weights repeat) and trains it on
    /// inputs <paramref name="x"/> [N, ...] with labels <paramref name="y"/> int64 [N]; returns it in eval mode.
    /// </summary>
    public static TProbe Train<TProbe>(Func<TProbe> build, Tensor x, Tensor y, ProbeTraining training) where TProbe : nn.Module<Tensor, Tensor>
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(training);
        if (x.shape[0] == 0 || y.shape[0] != x.shape[0])
            throw new ArgumentException($"a probe needs rows with one label each (got {x.shape[0]} rows and {y.shape[0]} labels)");
        int batchSize = (int)Math.Min(training.BatchSize, x.shape[0]);
        Trainer.SeedEverything(training.Seed);
        var probe = build();
        var options = new TrainerOptions
        {
            MaxSteps = training.Steps,
            BatchSize = batchSize,
            LogEvery = (int)Math.Min(training.Steps, int.MaxValue),
            Seed = training.Seed,
            Device = training.Device,
            Progress = false,
        };
        using (var trainer = new Trainer(new ProbeObjective(probe, training.Optimizer), options, log: TextWriter.Null))
        {
            var rows = new Dictionary<string, Tensor> { [ProbeObjective.InputKey] = x, [ProbeObjective.LabelKey] = y };
            if (training.Batches == ProbeBatches.Resampled)
                trainer.Fit(new ResampledBatchSource(rows, batchSize, training.Steps));
            else
            {
                using var source = new TensorBatchSource(rows, batchSize, shuffle: true);
                trainer.Fit(source);
            }
        }
        probe.eval();
        return probe;
    }

    /// <summary>
    /// Share of rows of <paramref name="x"/> the probe labels as <paramref name="y"/> (rows labelled -100 do not
    /// count), computed as the trainer's evaluation reports it: a float32 share per chunk, averaged by rows.
    /// </summary>
    public static double Accuracy(nn.Module<Tensor, Tensor> probe, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        var predicted = Predict(probe, x);
        using var cpuLabels = y.to(int64).cpu();
        var labels = cpuLabels.data<long>().ToArray();
        double sum = 0;
        for (int start = 0; start < labels.Length; start += EvalBatch)
        {
            int n = Math.Min(EvalBatch, labels.Length - start), hits = 0, valid = 0;
            for (int i = start; i < start + n; i++)
            {
                if (labels[i] == SpeechBatchKeys.Ignore) continue;
                valid++;
                if (predicted[i] == labels[i]) hits++;
            }
            sum += (double)((float)hits / Math.Max(valid, 1)) * n;
        }
        return sum / labels.Length;
    }

    /// <summary>
    /// Mean cross-entropy (nats) of the probe's softmax against <paramref name="y"/> (rows labelled -100 do not count),
    /// in eval mode without gradients: how sure the probe is of the right class, which still separates inputs that it
    /// labels all correctly.
    /// </summary>
    public static double CrossEntropy(nn.Module<Tensor, Tensor> probe, Tensor x, Tensor y) => Score(probe, x, y).CrossEntropy;

    /// <summary>Each row's arg-max class and the mean cross-entropy of <see cref="CrossEntropy"/>, from one pass of the probe.</summary>
    public static (long[] Predicted, double CrossEntropy) Score(nn.Module<Tensor, Tensor> probe, Tensor x, Tensor y)
    {
        ArgumentNullException.ThrowIfNull(probe);
        ArgumentNullException.ThrowIfNull(y);
        using var logits = probe.MapInChunks(x, chunk => probe.call(chunk), EvalBatch);
        using var predicted = logits.argmax(1);
        using var labels = y.to(int64).cpu();
        using var wide = logits.to(float64);
        using var loss = nn.functional.cross_entropy(wide, labels, ignore_index: SpeechBatchKeys.Ignore);
        return (predicted.data<long>().ToArray(), loss.item<double>());
    }

    /// <summary>The probe's class (arg-max) for each row of <paramref name="x"/>, in eval mode and without gradients.</summary>
    public static long[] Predict(nn.Module<Tensor, Tensor> probe, Tensor x)
    {
        ArgumentNullException.ThrowIfNull(probe);
        using var predicted = probe.MapInChunks(x, chunk => probe.call(chunk).argmax(1), EvalBatch);
        return predicted.data<long>().ToArray();
    }
}

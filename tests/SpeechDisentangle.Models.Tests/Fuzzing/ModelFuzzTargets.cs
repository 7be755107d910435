using System.IO.Compression;
using System.Text;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Images.InfoGan;

namespace SpeechDisentangle.Fuzzing;

/// <summary>
/// The model-side readers under fuzzing, each with its documented error type: MNIST IDX files
/// (<see cref="MnistIdx"/>, plain or gzipped): <see cref="InvalidDataException"/>; YAML run configs
/// (<see cref="ConfigLoader"/> and the option binding that follows): <see cref="ConfigException"/>.
/// </summary>
public static class ModelFuzzTargets
{
    /// <summary>Every model-side target, by name.</summary>
    public static IReadOnlyList<FuzzTarget> All() => [Idx(), IdxGz(), Yaml()];

    /// <summary>IDX1 labels or, when the magic says otherwise, IDX3 images, every image sliced as the loaders do.</summary>
    public static FuzzTarget Idx() => new("idx", [typeof(InvalidDataException)], ReadIdx, IdxSeeds());

    /// <summary>The same files gzipped (a ".gz" name means gzip).</summary>
    public static FuzzTarget IdxGz() => new("idx-gz", [typeof(InvalidDataException)],
        (input, path) => ReadIdx(input, path + ".gz"), [.. IdxSeeds().Select(Gzip)]);

    /// <summary>A run config loaded from YAML, its model and data sections bound as the infogan task binds them.</summary>
    public static FuzzTarget Yaml() => new("yaml", [typeof(ConfigException)], (input, path) =>
    {
        FuzzTarget.WriteScratch(path, input);
        RunConfig config = ConfigLoader.Load(path, ["trainer.seed=4"]);
        config.ModelOptions.Bind<InfoGanOptions>();
        config.Data.Bind<MnistDataOptions>();
    }, [Encoding.UTF8.GetBytes(BlockConfig), Encoding.UTF8.GetBytes(FlowConfig)]);

    static void ReadIdx(byte[] input, string path)
    {
        FuzzTarget.WriteScratch(path, input);
        try
        {
            MnistIdx.ReadLabels(path);
            return;
        }
        catch (InvalidDataException e) when (e.Message.Contains($"expected {MnistIdx.LabelsMagic}", StringComparison.Ordinal))
        {
            // Not a labels file: read it as images.
        }
        IdxImages images = MnistIdx.ReadImages(path);
        for (int i = 0; i < images.Count; i++) _ = images.Image(i);
    }

    static byte[][] IdxSeeds()
    {
        byte[] labels = [0, 0, 8, 1, 0, 0, 0, 3, 7, 1, 9];
        byte[] images = [0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 2, .. Enumerable.Range(0, 12).Select(i => (byte)(i * 20))];
        return [labels, images];
    }

    static byte[] Gzip(byte[] bytes)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) gz.Write(bytes);
        return ms.ToArray();
    }

    const string BlockConfig = """
        # InfoGAN on MNIST
        model: infogan
        model_options:
          base_channels: 32
          continuous_codes: 0
          info_augment_rotation: 30
          info_augment_scale: 0.15
        trainer:
          max_steps: 4000
          batch_size: 64
          log_every: 25
          checkpoint_every: 250
          seed: 0
          schedules:
            generator:
              kind: cosine
              warmup_steps: 100
        optimizers:
          discriminator:
            grad_clip_norm: 5
        data:
          labels_per_class: 10
          label_seed: 0

        """;

    const string FlowConfig = """
        model: "infogan"
        model_options: {noise: normal, dcgan_init: false, lambda_cat: 1.5e0}
        trainer: {max_steps: 10, device: 'cpu', best_metric: ~, schedules: {generator: {kind: cosine, min_factor: .05}}}
        optimizers: {discriminator: {grad_clip_norm: -.inf}, generator: {learning_rate: 2e-4, beta1: 0.5}}
        data: {train_limit: 100, classifier_checkpoint: exp/c/last.ckpt}
        run: {seed: 3, git_commit: abc}

        """;
}

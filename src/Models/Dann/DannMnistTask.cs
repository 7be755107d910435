using F = TorchSharp.torch.nn.functional;
using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Common.Mnist;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Tasks;
using SpeechDisentangle.Models.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// DANN from MNIST (source, labelled) to MNIST-M (target, unlabelled) with <see cref="DigitCnn"/> features.
/// Model options are <see cref="DannOptions"/>; `source_only: true` gives the baseline that trains on the same
/// source batches without target rows or domain loss. Data: the MNIST IDX folder; the MNIST-M target is built from
/// the same splits' digits (<see cref="DannMnistDataOptions"/>) and cached. With data.source, data.target and
/// data.target_test set, the user's own domain pair replaces both (<see cref="DomainPair.Load"/>). Batches carry
/// trainer.batch_size / 2 source rows (plus as many target rows for DANN).
/// </summary>
public sealed class DannMnistTask : ModelTask<DannOptions, DannObjective>
{
    public override string Name => "dann-mnist";
    public override string Description => "DANN (Ganin et al. 2016) MNIST -> MNIST-M, or any image pair (data.source/target/target_test), with a small CNN; model_options.source_only: true for the baseline.";

    protected override DannObjective Create(DannOptions options) => new(new DannModel(new DigitCnn(3, options.BatchNorm), options));

    public override TaskData LoadData(string dataPath, RunConfig config) => LoadData(dataPath, config, TextWriter.Null);

    /// <summary>Loads the domain pair: the user's images when data.source/target/target_test are set, else MNIST and its MNIST-M twin (saying on <paramref name="log"/> whether MNIST-M came from the cache or was built).</summary>
    public override TaskData LoadData(string dataPath, RunConfig config, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(config);
        var o = config.Data.Bind<DannMnistDataOptions>();
        o.Validate();
        bool sourceOnly = config.ModelOptions.Bind<DannOptions>().SourceOnly;
        if (config.Trainer.BatchSize < 2)
            throw new ArgumentException($"dann-mnist: trainer.batch_size must be >= 2 (half source, half target; got {config.Trainer.BatchSize})");

        using var scope = NewDisposeScope();
        var pair = o.OwnPair ? DomainPair.Load(dataPath, o, config.ModelOptions.Bind<DannOptions>().Classes, log) : MnistPair(dataPath, o, log);
        Func<Tensor, Tensor> prepare = o.Standardize ? Standardize : x => x;
        var train = new DomainBatchSource(prepare(pair.SourceTrain), pair.SourceTrainY, sourceOnly ? null : prepare(pair.TargetTrain), config.Trainer.BatchSize / 2);
        int shown = (int)Math.Min(40, Math.Min(pair.SourceTest.shape[0], pair.TargetTest.shape[0]));
        var tensors = new Dictionary<string, Tensor>
        {
            ["source_test_x"] = prepare(pair.SourceTest),
            ["source_test_y"] = pair.SourceTestY,
            ["target_test_x"] = prepare(pair.TargetTest),
            ["target_test_y"] = pair.TargetTestY,
            ["source_samples"] = pair.SourceTest[..shown].clone(),
            ["target_samples"] = pair.TargetTest[..shown].clone(),
        };
        foreach (var t in tensors.Values) t.MoveToOuterDisposeScope();
        return new TaskData(train, null, tensors);
    }

    /// <summary>MNIST from the IDX folder and its MNIST-M twin (built once, then cached).</summary>
    static DomainPair MnistPair(string dataPath, DannMnistDataOptions o, TextWriter log)
    {
        var (trainDigits, trainY) = MnistFiles.LoadTensors(dataPath, "train");
        var (testDigits, testY) = MnistFiles.LoadTensors(dataPath, "test");
        (trainDigits, trainY) = (Limit(trainDigits, o.TrainLimit), Limit(trainY, o.TrainLimit));
        (testDigits, testY) = (Limit(testDigits, o.TestLimit), Limit(testY, o.TestLimit));
        var mnistM = new MnistMOptions { PhotoFolder = o.PhotoFolder, Size = o.ImageSize, MaxPhotoSide = o.MaxPhotoSide, Seed = o.MnistMSeed };
        string cache = o.CacheFolder.Length > 0 ? o.CacheFolder : Path.Combine(dataPath, "mnist_m");
        var (targetTrain, targetTest) = MnistMCache.LoadOrBuild(trainDigits, testDigits, mnistM, cache, log);
        return new DomainPair(AsRgb(trainDigits, o.ImageSize), trainY, targetTrain, AsRgb(testDigits, o.ImageSize), testY, targetTest, testY.clone());
    }

    /// <summary>Gray digits [N, 1, 28, 28] as RGB [N, 3, S, S], centred on black when S is 32.</summary>
    static Tensor AsRgb(Tensor digits, int size)
    {
        int border = (size - 28) / 2;
        var padded = border > 0 ? F.pad(digits, [border, border, border, border]) : digits;
        return padded.expand(-1, 3, -1, -1).contiguous();
    }

    /// <summary>Each image's channels shifted to mean 0 and scaled to standard deviation 1 (flat channels stay 0).</summary>
    static Tensor Standardize(Tensor x)
    {
        var mean = x.mean([2, 3], keepdim: true);
        var std = x.std([2, 3], keepdim: true).clamp_min(1e-3);
        return (x - mean) / std;
    }

    static Tensor Limit(Tensor t, int n) => n > 0 && n < t.shape[0] ? t[..n].clone() : t;

    protected override IReadOnlyDictionary<string, double> Evaluate(DannObjective model, TaskData data, RunConfig config, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(config);
        var dann = model.Model;
        double source = Accuracy(dann, data.Get("source_test_x"), data.Get("source_test_y"), 0);
        var o = config.Data.Bind<DannMnistDataOptions>();
        // Without data.source_test an own pair's source accuracy is measured on the training images: named so.
        string sourceKey = o.OwnPair && o.SourceTest.Length == 0 ? "source_train_accuracy" : "source_accuracy";
        double target = Accuracy(dann, data.Get("target_test_x"), data.Get("target_test_y"), 1);
        return new Dictionary<string, double>
        {
            ["target_accuracy"] = target,
            [sourceKey] = source,
            ["domain_accuracy"] = DomainAccuracy(dann, data.Get("source_test_x"), data.Get("target_test_x")),
        };
    }

    static double Accuracy(DannModel model, Tensor x, Tensor y, long domain)
    {
        using var predicted = model.MapInChunks(x, chunk => model.forward(DomainRows.Of(chunk, domain)).LabelLogits.argmax(1));
        using var right = predicted.eq(y);
        return right.to(ScalarType.Float64).mean().item<double>();
    }

    /// <summary>How often the domain classifier tells the test sets apart (equal numbers from each; 0.5 = chance).</summary>
    static double DomainAccuracy(DannModel model, Tensor source, Tensor target)
    {
        long n = Math.Min(source.shape[0], target.shape[0]);
        using var scope = NewDisposeScope();
        var sourceHits = model.MapInChunks(source[..(int)n], chunk => model.forward(DomainRows.Of(chunk, 0)).DomainLogits.argmax(1)).eq(0).sum();
        var targetHits = model.MapInChunks(target[..(int)n], chunk => model.forward(DomainRows.Of(chunk, 1)).DomainLogits.argmax(1)).eq(1).sum();
        return (sourceHits + targetHits).to(ScalarType.Float64).item<double>() / (2.0 * n);
    }

    protected override IReadOnlyList<string> Draw(DannObjective model, TaskData data, string outDir)
    {
        ArgumentNullException.ThrowIfNull(data);
        string mode = model.Model.Options.SourceOnly ? "source-only" : "DANN";
        var samples = Path.Combine(outDir, "domain_samples.png");
        DannPictures.SaveSamples(samples, data.Get("source_samples"), data.Get("target_samples"));
        var byDomain = Path.Combine(outDir, "features_pca_domain.png");
        var byDigit = Path.Combine(outDir, "features_pca_digit.png");
        DannPictures.SaveFeatureScatter(byDomain, byDigit, model.Model, data.Get("source_test_x"), data.Get("target_test_x"),
            data.Get("source_test_y"), mode);
        return [samples, byDomain, byDigit];
    }
}

using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Training;

/// <summary>The GPU paths of the speed work: flat Adam on CUDA, data moved to the device, host batches pinned.</summary>
[Collection("torch")]
public class FlatAdamCudaTests
{
    public FlatAdamCudaTests() => TorchTestSetup.Init();

    [CudaFact]
    public void Step_OnCuda_MatchesTorchAdam()
    {
        Trainer.SeedEverything(1);
        var reference = nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 3)).to(CUDA);
        Trainer.SeedEverything(1);
        var flat = nn.Sequential(nn.Linear(5, 7), nn.Tanh(), nn.Linear(7, 3)).to(CUDA);
        using var adam = torch.optim.Adam(reference.parameters(), 0.01, 0.5, 0.999);
        using var flatAdam = new FlatAdam(flat.parameters(), 0.01, 0.5, 0.999);
        var x = randn(16, 5).to(CUDA);
        for (int s = 0; s < 20; s++)
        {
            foreach (var (net, optimizer) in new[] { (reference, (TorchSharp.Modules.OptimizerHelper)adam), (flat, flatAdam) })
            {
                using var scope = NewDisposeScope();
                optimizer.zero_grad();
                net.forward(x).pow(2).mean().backward();
                optimizer.step();
            }
        }

        var a = reference.parameters().ToList();
        var b = flat.parameters().ToList();
        for (int i = 0; i < a.Count; i++)
            (a[i] - b[i]).abs().max().cpu().item<float>().Should().BeLessThan(1e-5f, $"parameter {i}");
    }

    [CudaFact]
    public void Fit_OnCuda_MovesTheTensorSourceToTheDeviceAndLearns()
    {
        Trainer.SeedEverything(3);
        var (x, y) = ToyData.Blobs(20, seed: 5);
        using var source = new TensorBatchSource(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y }, batchSize: 12);
        var model = new MlpClassifier(2, 8, 3, new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05, Beta1 = 0.9 });
        using var trainer = new Trainer(model, new TrainerOptions { MaxSteps = 40, LogEvery = 10, Progress = false, Device = "cuda", FlatAdam = true }, log: TextWriter.Null);

        var result = trainer.Fit(source);

        source.Device.type.Should().Be(DeviceType.CUDA);
        result.Train["acc"].Should().BeGreaterThan(0.8);
    }
}

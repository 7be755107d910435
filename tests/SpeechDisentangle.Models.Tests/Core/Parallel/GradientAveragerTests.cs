using SpeechDisentangle.Models.Core.Parallel;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Tests.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Parallel;

[Collection("torch")]
public sealed class GradientAveragerTests
{
    public GradientAveragerTests() => TorchTestSetup.Init();

    /// <summary>Rank 0 of two, where the other rank's gradients are all <see cref="Other"/>: a sum adds them.</summary>
    sealed class TwoRanks : IDataParallel
    {
        public const float Other = 3;
        public List<Tensor> Summed { get; } = [];
        public int Rank => 0;
        public int Size => 2;
        public void SumInPlace(Tensor values)
        {
            Summed.Add(values);
            values.add_(Other);
        }
        public void BroadcastFromRoot(Tensor values) { }
        public void Barrier() { }
        public void Dispose() { }
    }

    static (nn.Module<Tensor, Tensor> Net, Parameter Unused) NetWithGradients()
    {
        Trainer.SeedEverything(1);
        var net = nn.Sequential(nn.Linear(3, 5), nn.Tanh(), nn.Linear(5, 2));
        var unused = new Parameter(zeros(4));
        using var scope = NewDisposeScope();
        net.forward(randn(6, 3)).square().sum().backward();
        return (net, unused);
    }

    [Fact]
    public void Average_FlatAdam_ReducesItsGradientBufferInPlaceOnce()
    {
        var (net, _) = NetWithGradients();
        using var optimizer = new FlatAdam(net.parameters(), 0.01);
        optimizer.zero_grad();
        net.forward(randn(6, 3)).square().sum().backward();
        var own = net.parameters().Select(p => p.grad!.clone()).ToList();
        var ranks = new TwoRanks();

        using var averager = new GradientAverager(optimizer, net.parameters(), ranks);
        averager.Average();

        ranks.Summed.Should().ContainSingle().Which.Should().BeSameAs(optimizer.Gradients, "the flat buffer is reduced where it is");
        foreach (var (p, g) in net.parameters().Zip(own))
            p.grad!.allclose((g + TwoRanks.Other) / 2).Should().BeTrue();
    }

    [Fact]
    public void Average_Sgd_PacksEveryGradientIntoOneBufferAndLeavesAMissingGradientMissing()
    {
        var (net, unused) = NetWithGradients();
        var parameters = net.parameters().Append(unused).ToList();
        using var optimizer = torch.optim.SGD(parameters, 0.1);
        var own = net.parameters().Select(p => p.grad!.clone()).ToList();
        var ranks = new TwoRanks();

        using var averager = new GradientAverager(optimizer, parameters, ranks);
        averager.Average();

        ranks.Summed.Should().ContainSingle().Which.numel().Should().Be(parameters.Sum(p => p.numel()));
        averager.Elements.Should().Be(parameters.Sum(p => p.numel()));
        foreach (var (p, g) in net.parameters().Zip(own))
            p.grad!.allclose((g + TwoRanks.Other) / 2).Should().BeTrue();
        unused.grad.Should().BeNull();
    }
}

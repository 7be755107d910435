using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Dann;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Dann;

[Collection("torch")]
public class DomainBatchNormTests
{
    static DannModel Model(DannBatchNorm norm, bool sourceOnly = false)
    {
        manual_seed(3);
        return new DannModel(new DigitCnn(3, norm), new DannOptions { BatchNorm = norm, SourceOnly = sourceOnly });
    }

    static Batch Rows(Tensor x, params long[] domains) => new() { ["x"] = x, ["domain"] = tensor(domains) };

    [Fact]
    public void Forward_TrainingMixedBatch_NormalisesEachDomainByItsOwnStatistics()
    {
        using var scope = NewDisposeScope();
        using var model = Model(DannBatchNorm.Shared);
        model.train();
        var source = rand(4, 3, 28, 28);
        var target = rand(4, 3, 28, 28) * 3 + 1;
        // Interleaved domains: the rows must come back in input order.
        var mixed = stack([source[0], target[0], source[1], target[1], source[2], target[2], source[3], target[3]]);
        var together = model.forward(Rows(mixed, 0, 1, 0, 1, 0, 1, 0, 1)).Features;
        var sourceAlone = model.forward(Rows(source, 0, 0, 0, 0)).Features;
        var targetAlone = model.forward(Rows(target, 1, 1, 1, 1)).Features;
        together.index_select(0, tensor(new long[] { 0, 2, 4, 6 })).allclose(sourceAlone, rtol: 1e-4, atol: 1e-5).Should().BeTrue();
        together.index_select(0, tensor(new long[] { 1, 3, 5, 7 })).allclose(targetAlone, rtol: 1e-4, atol: 1e-5).Should().BeTrue();
    }

    [Fact]
    public void Forward_PerDomainEval_UsesEachDomainsRunningStatistics()
    {
        using var scope = NewDisposeScope();
        using var model = Model(DannBatchNorm.PerDomain);
        model.train();
        using (no_grad())
        {
            for (int i = 0; i < 20; i++) model.forward(Rows(cat([rand(8, 3, 28, 28), rand(8, 3, 28, 28) * 3 + 1]), [.. Enumerable.Repeat(0L, 8), .. Enumerable.Repeat(1L, 8)]));
        }
        model.eval();
        var x = rand(2, 3, 28, 28);
        var asSource = model.forward(Rows(x, 0, 0)).Features;
        var asTarget = model.forward(Rows(x, 1, 1)).Features;
        asSource.allclose(asTarget, rtol: 1e-3, atol: 1e-4).Should().BeFalse("the target's statistics were learnt from brighter images");
    }

    [Fact]
    public void Forward_SourceOnlyPerDomain_TreatsTargetRowsAsSource()
    {
        using var scope = NewDisposeScope();
        using var model = Model(DannBatchNorm.PerDomain, sourceOnly: true);
        model.train();
        using (no_grad()) model.forward(Rows(rand(8, 3, 28, 28), 0, 0, 0, 0, 0, 0, 0, 0));
        model.eval();
        var x = rand(2, 3, 28, 28);
        model.forward(Rows(x, 1, 1)).Features.allclose(model.forward(Rows(x, 0, 0)).Features).Should().BeTrue();
    }
}

using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// Batch normalisation with one set of statistics and affine parameters per domain (domain-specific batch norm,
/// Chang et al., CVPR 2019): the shared convolutions see source and target inputs each normalised by their own
/// running statistics, also at test time. Set <see cref="Domain"/> before a forward pass. With one domain it is a
/// plain BatchNorm2d.
/// </summary>
public sealed class DomainBatchNorm2d : nn.Module<Tensor, Tensor>
{
    readonly ModuleList<BatchNorm2d> _norms;

    public DomainBatchNorm2d(long channels, int domains) : base(nameof(DomainBatchNorm2d))
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(domains, 1);
        _norms = new ModuleList<BatchNorm2d>([.. Enumerable.Range(0, domains).Select(_ => nn.BatchNorm2d(channels))]);
        RegisterComponents();
    }

    /// <summary>Which domain's statistics the next forward pass uses (0 = source).</summary>
    public int Domain { get; set; }

    public override Tensor forward(Tensor input)
    {
        if (Domain < 0 || Domain >= _norms.Count)
            throw new InvalidOperationException($"domain {Domain} is out of range: this layer keeps statistics for {_norms.Count} domain(s)");
        return _norms[Domain].forward(input);
    }
}

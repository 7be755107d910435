using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// DANN: feature extractor → label classifier, and feature extractor → gradient reversal → domain classifier.
/// Generic over the extractor (<see cref="DannFeatureExtractor"/>). Set <see cref="Lambda"/> before a forward pass;
/// <see cref="DannObjective"/> does so every step.
/// </summary>
public sealed class DannModel : nn.Module<Batch, DannOutput>
{
    readonly DannFeatureExtractor _features;
    readonly ClassifierHead _label;
    readonly GradientReversal _reversal;
    readonly ClassifierHead _domain;
    readonly DannOptions _options;

    public DannModel(DannFeatureExtractor features, DannOptions options) : base(nameof(DannModel))
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _features = features;
        _label = new ClassifierHead(features.OutputDim, options.LabelHidden, options.Classes);
        _reversal = new GradientReversal();
        _domain = new ClassifierHead(features.OutputDim, options.DomainHidden, 2);
        RegisterComponents();
    }

    public DannOptions Options => _options;

    public DannFeatureExtractor Features => _features;

    /// <summary>Reversal weight used by the next forward pass.</summary>
    public double Lambda
    {
        get => _reversal.Lambda;
        set => _reversal.Lambda = value;
    }

    public override DannOutput forward(Batch input)
    {
        var features = _features.BatchNorm != DannBatchNorm.None && input.ContainsKey(_options.DomainKey)
            ? FeaturesPerDomain(input)
            : FeaturesOf(input, 0);
        return new DannOutput(features, _label.forward(features), _domain.forward(_reversal.forward(features)));
    }

    /// <summary>
    /// Extracts source and target rows in separate passes so batch normalisation uses each domain's own statistics
    /// (mixed statistics would hand the domain classifier a shortcut and shift both domains' features). Batches
    /// without a domain key count as source.
    /// </summary>
    Tensor FeaturesPerDomain(Batch input)
    {
        var domain = input.Get(_options.DomainKey);
        var parts = new List<Tensor>();
        var rows = new List<Tensor>();
        foreach (long d in new long[] { 0, 1 })
        {
            var index = domain.eq(d).nonzero().flatten();
            if (index.shape[0] == 0) continue;
            var part = new Batch();
            foreach (var (key, value) in input)
                part[key] = value.dim() > 0 && value.shape[0] == domain.shape[0] ? value.index_select(0, index) : value;
            parts.Add(FeaturesOf(part, (int)d));
            rows.Add(index);
        }
        // Put rows back in input order.
        return cat(parts).index_select(0, cat(rows).argsort());
    }

    /// <summary>
    /// A source-only baseline never saw target statistics, so it normalises everything as source.
    /// </summary>
    Tensor FeaturesOf(Batch input, int domain)
    {
        _features.Domain = _options.SourceOnly ? 0 : domain;
        return _features.forward(input);
    }

    /// <summary>Predicted classes [B] in eval mode without gradients (the module's mode is restored).</summary>
    public Tensor Predict(Batch input)
    {
        bool wasTraining = training;
        eval();
        try
        {
            using var noGrad = no_grad();
            return _label.forward(_features.forward(input)).argmax(-1);
        }
        finally
        {
            train(wasTraining);
        }
    }
}

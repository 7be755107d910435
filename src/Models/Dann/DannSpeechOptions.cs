using SpeechDisentangle.Models.Common.Encoders;
using SpeechDisentangle.Models.Common.SpeechData;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// Model options of the dann-speech task: a <see cref="SpeechEncoder"/> (pooled embedding) as DANN's feature
/// extractor, and the DANN heads and schedule (the same fields as <see cref="DannOptions"/>, flat so that
/// `--set model_options.source_only=true` gives the baseline). Labels are the utterance-level content (batch key
/// "content"); the domain key is "domain".
/// </summary>
public sealed record DannSpeechOptions
{
    public SpeechEncoderOptions Encoder { get; init; } = new();

    /// <summary>Content classes (the digits).</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Hidden units of the content classifier; 0 = linear.</summary>
    public int LabelHidden { get; init; } = 64;

    /// <summary>Hidden units of the domain classifier; 0 = linear.</summary>
    public int DomainHidden { get; init; } = 64;

    /// <summary>Source-only baseline: source batches only, no domain loss.</summary>
    public bool SourceOnly { get; init; }

    /// <summary>Largest reversal weight.</summary>
    public double LambdaMax { get; init; } = 1.0;

    /// <summary>"dann" (the paper's ramp from 0 to <see cref="LambdaMax"/>) or "constant".</summary>
    public string LambdaSchedule { get; init; } = "dann";

    /// <summary>One optimizer "main" over the encoder and both heads.</summary>
    public OptimizerSettings Optimizer { get; init; } = new() { Kind = "adam", LearningRate = 1e-3, Beta1 = 0.9 };

    /// <summary>The DANN heads' options (label key "content", domain key "domain").</summary>
    public DannOptions ToDannOptions() => new()
    {
        Classes = Classes,
        LabelHidden = LabelHidden,
        DomainHidden = DomainHidden,
        SourceOnly = SourceOnly,
        LambdaMax = LambdaMax,
        LambdaSchedule = LambdaSchedule,
        LabelKey = SpeechBatchKeys.Content,
        DomainKey = DomainBatchSource.DomainKey,
        Optimizer = Optimizer,
    };

    /// <summary>Throws one exception that lists every problem.</summary>
    public void Validate()
    {
        var errors = Encoder is null ? ["encoder options are missing"] : Encoder.Errors().Select(e => "encoder." + e).ToList();
        try
        {
            ToDannOptions().Validate();
        }
        catch (ArgumentException e)
        {
            errors.AddRange(e.Message.Split(Environment.NewLine).Skip(1).Select(l => l.Trim()));
        }
        if (errors.Count > 0)
            throw new ArgumentException("invalid dann-speech options:" + Environment.NewLine + "  " + string.Join(Environment.NewLine + "  ", errors));
    }
}

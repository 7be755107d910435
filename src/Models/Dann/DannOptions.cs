using SpeechDisentangle.Common;
using SpeechDisentangle.Models.Common.Layers;
using SpeechDisentangle.Models.Core.Config;
using SpeechDisentangle.Models.Core.Training;

namespace SpeechDisentangle.Models.Dann;

/// <summary>
/// Domain-adversarial training (Ganin et al., JMLR 2016) heads and schedule, the model options of dann-mnist (and,
/// with a speech encoder added, of dann-speech: <see cref="DannSpeechOptions"/>). The label classifier learns from
/// source examples only; the domain classifier sits behind gradient reversal with weight
/// lambda_p = <see cref="LambdaMax"/> × (2 / (1 + exp(-10 p)) - 1). The paper's learning-rate annealing
/// mu_p = mu_0 / (1 + 10 p)^0.75 is the trainer's "dann" lr schedule: pass <see cref="LrSchedules"/> as
/// <see cref="TrainerOptions.Schedules"/>.
/// </summary>
/// <remarks>
/// The defaults are the paper's (SGD, momentum 0.9, mu_0 0.01, lambda up to 1; see <see cref="DannObjective.PaperOptimizer"/>).
/// On our small vector toy those oscillated (the extractor keeps flipping which domain the classifier gets wrong)
/// and Adam 1e-3 with lambda_max 0.1 adapted reliably; expect to tune both per task.
/// </remarks>
[MovedKey("optimizer", "optimizers.main")]
public record DannOptions : IValidatable
{
    /// <summary>Label classes.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Hidden units of the label classifier; 0 = linear.</summary>
    public int LabelHidden { get; init; } = 100;

    /// <summary>Hidden units of the domain classifier; 0 = linear.</summary>
    public int DomainHidden { get; init; } = 100;

    /// <summary>
    /// Batch normalisation in the feature extractor where it offers it (the digit CNN): none, shared (per-domain
    /// batch statistics in training, one set of running statistics) or per_domain (separate statistics and affine
    /// parameters per domain, also at test time). A source-only baseline gets the same layers and uses the source's.
    /// </summary>
    public DannBatchNorm BatchNorm { get; init; }

    /// <summary>Source-only baseline: no domain classifier loss, lambda 0. Feed it source batches only.</summary>
    public bool SourceOnly { get; init; }

    /// <summary>Largest reversal weight (reached as p → 1 with the dann schedule).</summary>
    public double LambdaMax { get; init; } = 1.0;

    /// <summary>dann (the paper's ramp from 0) or constant (<see cref="LambdaMax"/> throughout).</summary>
    public LambdaSchedule LambdaSchedule { get; init; } = LambdaSchedule.Dann;

    /// <summary>Batch key of the class label [B] int64 (read only where domain is 0 in training; -100 = unlabelled).</summary>
    public string LabelKey { get; init; } = "label";

    /// <summary>Batch key of the domain [B] int64: 0 source, 1 target.</summary>
    public string DomainKey { get; init; } = "domain";

    /// <summary>The paper's lr annealing for the trainer: optimizer "main" → kind dann (alpha 10, beta 0.75).</summary>
    public static IReadOnlyDictionary<string, LrScheduleOptions> LrSchedules() =>
        new Dictionary<string, LrScheduleOptions>(StringComparer.Ordinal) { [DannObjective.MainTurn] = new() { Kind = LrScheduleKind.Dann } };

    public virtual IReadOnlyList<string> Errors()
    {
        var errors = new List<string>();
        if (Classes < 2) errors.Add($"classes must be >= 2 (got {Classes})");
        if (LabelHidden < 0) errors.Add($"label_hidden must be >= 0 (got {LabelHidden})");
        if (DomainHidden < 0) errors.Add($"domain_hidden must be >= 0 (got {DomainHidden})");
        if (LambdaMax < 0 || double.IsNaN(LambdaMax)) errors.Add($"lambda_max must be >= 0 (got {LambdaMax})");
        if (string.IsNullOrWhiteSpace(LabelKey)) errors.Add("label_key must name a batch key");
        if (string.IsNullOrWhiteSpace(DomainKey)) errors.Add("domain_key must name a batch key");
        return errors;
    }
}

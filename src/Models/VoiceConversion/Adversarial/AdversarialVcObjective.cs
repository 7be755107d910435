using SpeechDisentangle.Models.Common.Augmentation;
using SpeechDisentangle.Models.Common.Metrics;
using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.VoiceConversion.Common;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.VoiceConversion.Adversarial;

/// <summary>
/// Training objective of <see cref="AdversarialVcModel"/>. Turns, in order:
/// "classifier": CE of the speaker classifier on the detached content code (optimizer "classifier");
/// "autoencoder": L1(decode(encode(mel), speaker), mel) − λ(progress) · CE of the classifier on the live code
/// (optimizer "autoencoder": encoder + decoder), which pushes speaker identity out of the code. Both turns may
/// encode a randomly mel-warped input (<see cref="AdversarialVcOptions.ContentWarp"/>); the target stays unwarped.
/// Batch keys: "mel" float32 [B, NMels, T] (channels-first), "speaker" int64 [B].
/// Stats: classifier turn "clf_ce", "clf_acc"; autoencoder turn "recon_l1", "adv_ce", "lambda" (the trainer adds
/// "loss_classifier" and "loss_autoencoder").
/// With <see cref="AdversarialVcOptions.Patcher"/> (stage two) the turns are instead "discriminator" and "patcher"
/// (<see cref="GanPatcherTurns"/>), and only the patcher and its discriminator learn.
/// </summary>
public sealed class AdversarialVcObjective : Objective<AdversarialVcModel>
{
    public const string ClassifierTurn = "classifier";
    public const string AutoencoderTurn = "autoencoder";

    private readonly AdversarialVcOptions _options;
    private readonly GanPatcherTurns? _patcher;

    public AdversarialVcObjective(AdversarialVcModel model) : base(model)
    {
        _options = model.Options;
        if (_options.Patcher) _patcher = new GanPatcherTurns(model);
        Turns = _patcher is null ? [ClassifierTurn, AutoencoderTurn] : [GanPatcherTurns.DiscriminatorTurn, GanPatcherTurns.PatcherTurn];
    }

    /// <summary>
    /// Adam 1e-4, betas (0.5, 0.9), for every optimizer of both stages ("classifier", "autoencoder"; "discriminator",
    /// "patcher") unless the run config's optimizers.NAME changes it.
    /// </summary>
    public static OptimizerSettings DefaultOptimizer { get; } = new() { LearningRate = 1e-4, Beta1 = 0.5, Beta2 = 0.9 };

    public override IReadOnlyList<OptimizerSpec> Optimizers => _patcher?.Optimizers ??
    [
        new OptimizerSpec(ClassifierTurn, Model.ClassifierParameters().ToList(), DefaultOptimizer),
        new OptimizerSpec(AutoencoderTurn, Model.AutoencoderParameters().ToList(), DefaultOptimizer),
    ];

    public override IReadOnlyList<string> Turns { get; }

    protected override TurnOutput Compute(Batch batch, string turn, Stage stage, StepContext context)
    {
        var mel = batch.Get(VcBatchKeys.Mel);
        var speakers = batch.Get(VcBatchKeys.Speaker);
        return turn switch
        {
            ClassifierTurn when _patcher is null => ClassifierStep(EncoderInput(mel, stage, context), speakers),
            AutoencoderTurn when _patcher is null => AutoencoderStep(EncoderInput(mel, stage, context), mel, speakers, context),
            GanPatcherTurns.DiscriminatorTurn when _patcher is not null => _patcher.DiscriminatorStep(mel, speakers, context),
            GanPatcherTurns.PatcherTurn when _patcher is not null => _patcher.PatcherStep(mel, speakers, context),
            _ => throw new ArgumentException($"unknown turn '{turn}' (turns: {string.Join(", ", Turns)})", nameof(turn)),
        };
    }

    private TurnOutput ClassifierStep(Tensor mel, Tensor speakers)
    {
        Tensor code;
        using (no_grad()) code = Model.Encode(mel);
        var logits = Model.ClassifySpeaker(code);
        var ce = cross_entropy(logits, speakers);
        var accuracy = ClassificationStats.Accuracy(logits.detach(), speakers);
        var stats = new Dictionary<string, Tensor> { ["clf_ce"] = ce.detach(), ["clf_acc"] = accuracy };
        return new TurnOutput(ce, stats);
    }

    /// <summary>The encoder's input: in training, optionally mel-warped (<see cref="AdversarialVcOptions.ContentWarp"/>).</summary>
    private Tensor EncoderInput(Tensor mel, Stage stage, StepContext context) =>
        stage == Stage.Train && _options.ContentWarp > 0 ? MelAxisWarp.Random(mel, _options.ContentWarp, context.Generator) : mel;

    private TurnOutput AutoencoderStep(Tensor input, Tensor mel, Tensor speakers, StepContext context)
    {
        var code = Model.Encode(input);
        var reconstruction = Model.Decode(code, speakers);
        var recon = l1_loss(reconstruction, mel);
        var adversarial = cross_entropy(Model.ClassifySpeaker(code), speakers);
        var lambda = _options.LambdaAt(context.Progress);
        var loss = recon - (adversarial * lambda);
        var stats = new Dictionary<string, Tensor>
        {
            ["recon_l1"] = recon.detach(),
            ["adv_ce"] = adversarial.detach(),
            ["lambda"] = tensor((float)lambda),
        };
        return new TurnOutput(loss, stats);
    }
}

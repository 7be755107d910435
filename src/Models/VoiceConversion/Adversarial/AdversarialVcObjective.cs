using SpeechDisentangle.Models.Training;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace SpeechDisentangle.Models.VoiceConversion;

/// <summary>
/// Training objective of <see cref="AdversarialVcModel"/>. Turns, in order:
/// "classifier": CE of the speaker classifier on the detached content code (optimizer "classifier");
/// "autoencoder": L1(decode(encode(mel), speaker), mel) − λ(progress) · CE of the classifier on the live code
/// (optimizer "autoencoder": encoder + decoder), which pushes speaker identity out of the code. Both turns may
/// encode a randomly mel-warped input (<see cref="AdversarialVcOptions.ContentWarp"/>); the target stays unwarped.
/// Batch keys: "mel" float32 [B, NMels, T] (channels-first), "speaker" int64 [B].
/// Stats: classifier turn "clf_ce", "clf_acc"; autoencoder turn "recon_l1", "adv_ce", "lambda" (the trainer adds
/// "loss_classifier" and "loss_autoencoder").
/// </summary>
public sealed class AdversarialVcObjective : ITrainable
{
    public const string ClassifierTurn = "classifier";
    public const string AutoencoderTurn = "autoencoder";

    private readonly AdversarialVcOptions _options;

    public AdversarialVcObjective(AdversarialVcModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _options = model.Options;
    }

    public AdversarialVcModel Model { get; }

    public nn.Module Module => Model;

    /// <summary>Built on each read from the module's current parameters (a device move replaces them).</summary>
    public IReadOnlyList<OptimizerSpec> Optimizers =>
    [
        new OptimizerSpec(ClassifierTurn, Model.ClassifierParameters().ToList(), _options.ClassifierOptimizer),
        new OptimizerSpec(AutoencoderTurn, Model.AutoencoderParameters().ToList(), _options.AutoencoderOptimizer),
    ];

    public IReadOnlyList<string> Turns { get; } = [ClassifierTurn, AutoencoderTurn];

    public TurnOutput Step(Batch batch, string turn, Stage stage, StepContext context)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(context);
        var mel = batch.Get(VcBatchKeys.Mel);
        var speakers = batch.Get(VcBatchKeys.Speaker);
        return turn switch
        {
            ClassifierTurn => ClassifierStep(EncoderInput(mel, stage, context), speakers),
            AutoencoderTurn => AutoencoderStep(EncoderInput(mel, stage, context), mel, speakers, context),
            _ => throw new ArgumentException($"unknown turn '{turn}' (turns: {string.Join(", ", Turns)})", nameof(turn)),
        };
    }

    private TurnOutput ClassifierStep(Tensor mel, Tensor speakers)
    {
        Tensor code;
        using (no_grad()) code = Model.Encode(mel);
        var logits = Model.ClassifySpeaker(code);
        var ce = cross_entropy(logits, speakers);
        var accuracy = logits.argmax(1).eq(speakers).to(ScalarType.Float32).mean();
        var stats = new Dictionary<string, Tensor> { ["clf_ce"] = ce.detach(), ["clf_acc"] = accuracy };
        return new TurnOutput(ce, stats, ClassifierTurn);
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
        return new TurnOutput(loss, stats, AutoencoderTurn);
    }
}

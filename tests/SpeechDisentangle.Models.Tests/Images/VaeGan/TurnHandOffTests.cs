using SpeechDisentangle.Models.Core.Training;
using SpeechDisentangle.Models.Images.VaeGan;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Images.VaeGan;

[Collection("torch")]
public class TurnHandOffTests
{
    [Fact]
    public void Take_SameBatch_ReturnsTheDetachedTensorOnce()
    {
        var handOff = new TurnHandOff();
        var batch = new Batch { ["x"] = zeros(2) };
        using var value = ones(3, requires_grad: true);

        handOff.Put(batch, value * 2);
        using var taken = handOff.Take(batch);

        taken.Should().NotBeNull();
        taken!.requires_grad.Should().BeFalse("a turn never back-propagates into the turn before it");
        taken.sum().item<float>().Should().Be(6);
        handOff.Take(batch).Should().BeNull("a hand-off is used by one turn only");
    }

    [Fact]
    public void Take_OtherBatch_ReturnsNullAndForgets()
    {
        var handOff = new TurnHandOff();
        var first = new Batch { ["x"] = zeros(2) };
        var second = new Batch { ["x"] = zeros(2) };

        handOff.Put(first, ones(3));

        handOff.Take(second).Should().BeNull("another batch's tensor must not leak into this step");
        handOff.Take(first).Should().BeNull();
    }
}

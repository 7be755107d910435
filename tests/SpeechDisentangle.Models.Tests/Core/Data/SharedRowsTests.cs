using SpeechDisentangle.Models.Core.Data;
using SpeechDisentangle.Models.Tests.Core.Training;
using static TorchSharp.torch;

namespace SpeechDisentangle.Models.Tests.Core.Data;

[Collection("torch")]
public sealed class SharedRowsTests
{
    public SharedRowsTests() => TorchTestSetup.Init();

    static Dictionary<string, Tensor> Named(params (string Name, Tensor Value)[] tensors) =>
        tensors.ToDictionary(t => t.Name, t => t.Value, StringComparer.Ordinal);

    [Fact]
    public void Of_TensorsWithOneRowCount_ReturnsIt()
    {
        using var a = zeros(5, 3);
        using var b = zeros(5);
        SharedRows.Of(Named(("a", a), ("b", b)), "tensors").Should().Be(5);
    }

    [Fact]
    public void Of_BadSets_SayWhatIsWrong()
    {
        using var a = zeros(5, 3);
        using var b = zeros(4);
        using var scalar = tensor(1f);
        using var empty = zeros(0, 2);
        var mismatch = () => SharedRows.Of(Named(("a", a), ("b", b)), "tensors");
        mismatch.Should().Throw<ArgumentException>().WithMessage("tensor 'b' has 4 rows, the others have 5 rows*");
        var noRows = () => SharedRows.Of(Named(("s", scalar)), "tensors");
        noRows.Should().Throw<ArgumentException>().WithMessage("tensor 's' is a scalar*");
        var none = () => SharedRows.Of(Named(), "tensors");
        none.Should().Throw<ArgumentException>().WithMessage("*at least one tensor*");
        var zero = () => SharedRows.Of(Named(("e", empty)), "tensors");
        zero.Should().Throw<ArgumentException>().WithMessage("*at least one row*");
    }
}

using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace SpeechDisentangle.Models.Common.Layers;

/// <summary>
/// Gradient reversal (Ganin &amp; Lempitsky 2015): the identity going forward, -lambda × gradient going back, so
/// the layers before it learn to defeat the classifier after it.
/// </summary>
public sealed class GradientReversalFunction : SingleTensorFunction<GradientReversalFunction>
{
    const string LambdaKey = "lambda";

    public override string Name => "GradientReversal";

    /// <summary>y = x; dL/dx = -<paramref name="lambda"/> · dL/dy.</summary>
    public static Tensor Apply(Tensor x, double lambda) => apply(x, lambda);

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(vars);
        var x = (Tensor)vars[0];
        ctx.save_data(LambdaKey, (double)vars[1]);
        // A view, not x itself: autograd needs a distinct output to hang this node on.
        return x.view_as(x);
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(grad_output);
        double lambda = (double)ctx.get_data(LambdaKey);
        // One entry per forward input; lambda is a plain number and gets no gradient.
        return [grad_output.mul(-lambda), null!];
    }
}

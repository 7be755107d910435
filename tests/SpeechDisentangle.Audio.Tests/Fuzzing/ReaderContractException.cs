namespace SpeechDisentangle.Fuzzing;

/// <summary>Damaged inputs made a reader break its contract; the message lists them.</summary>
public sealed class ReaderContractException : Exception
{
    public ReaderContractException() { }
    public ReaderContractException(string message) : base(message) { }
    public ReaderContractException(string message, Exception inner) : base(message, inner) { }
}

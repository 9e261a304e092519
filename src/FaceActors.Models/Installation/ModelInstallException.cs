namespace FaceActors.Models.Installation;

/// <summary>A model installation that could not finish; the message says what went wrong and what to do.</summary>
public sealed class ModelInstallException(string message, Exception? inner = null) : Exception(message, inner);

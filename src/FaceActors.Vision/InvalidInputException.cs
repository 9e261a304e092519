namespace FaceActors.Vision;

/// <summary>
/// Input the user can fix (a command-line value, a configured value, a dataset, a file, a model of another layout), with a
/// message that says what is wrong and what to do. The command line shows it as one line; any other
/// <see cref="ArgumentException"/> is a programming error and keeps its stack trace.
/// </summary>
public class InvalidInputException(string message, Exception? inner = null) : ArgumentException(message, inner);

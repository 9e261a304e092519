namespace FaceActors.Vision.Inference;

/// <summary>Base of every error the vision library raises on bad input; the message says what to do.</summary>
public abstract class VisionException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A model file is not where the configuration says it is.</summary>
public sealed class ModelNotFoundException(string path, string role)
    : VisionException($"The {role} model was not found at '{path}'. Run `./faceactors models install`, or point the configuration at an existing ONNX file.")
{
    public string ModelPath { get; } = path;
}

/// <summary>A model's inputs or outputs do not match the description it was loaded with.</summary>
public sealed class ModelMismatchException(string path, string detail)
    : VisionException($"The model '{path}' does not match its description: {detail}. Check the model's input size, layout and output size in the configuration.");

/// <summary>Image bytes that no decoder could read.</summary>
public sealed class ImageDecodeException(string source, Exception? inner = null)
    : VisionException($"Could not decode an image from {source}: the bytes are not a supported image (JPEG, PNG, BMP, PGM, WebP, TIFF). Check the file or the upload.", inner);

/// <summary>An image with no pixels.</summary>
public sealed class EmptyImageException(string source)
    : VisionException($"The image from {source} has zero width or height. Pass an image with pixels in it.");

/// <summary>An operation that needs a face found none (for example, embedding a reference photo).</summary>
public sealed class NoFaceFoundException(string source)
    : VisionException($"No face was found in {source}. Use a photo where the face is visible, frontal and at least about 40 pixels wide.");

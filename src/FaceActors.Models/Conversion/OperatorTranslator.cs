using FaceActors.Models.Tflite;

namespace FaceActors.Models.Conversion;

/// <summary>Adds the ONNX nodes for one TFLite operator and defines its outputs in the context.</summary>
internal delegate void OperatorTranslator(ConversionContext context, TfliteOperator op);

// Runs a TensorFlow.js graph model on TensorFlow.js's CPU backend: the oracle the converter's tests compare
// ONNX Runtime's outputs with. Reads a request (JSON) named on the command line:
//   { "model": "/path/model.json", "inputs": [ { "file": "x.f32", "shape": [1, 3, 416, 416] } ],
//     "outputs": [ "Identity:0" ], "outputDirectory": "/tmp/out" }
// runs the model on each input and writes output o of input k as <k>.<o>.f32 (float32, little-endian; integer
// outputs widened), plus shapes.json: shapes[k][o] is that output's shape.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadGraphModel } from '@tensorflow/tfjs-converter';

const request = JSON.parse(readFileSync(process.argv[2], 'utf8'));
await tf.setBackend('cpu');

// The model's files straight from disk: every weight group's shards, in the manifest's order, as one buffer.
const artifacts = JSON.parse(readFileSync(request.model, 'utf8'));
const folder = dirname(request.model);
const weightSpecs = artifacts.weightsManifest.flatMap(group => group.weights);
const shards = artifacts.weightsManifest.flatMap(group => group.paths.map(path => readFileSync(join(folder, path))));
const weightData = new Uint8Array(Buffer.concat(shards)).buffer;
const model = await loadGraphModel({ load: async () => ({ ...artifacts, weightSpecs, weightData }) });

const shapes = [];
for (const [k, input] of request.inputs.entries()) {
  const bytes = readFileSync(input.file);
  const tensor = tf.tensor(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4), input.shape, 'float32');
  // executeAsync also runs graphs with dynamic shapes or control flow, which execute refuses.
  let results = await model.executeAsync(tensor, request.outputs);
  if (!Array.isArray(results)) results = [results];
  shapes.push(results.map(r => r.shape));
  for (const [o, result] of results.entries()) {
    const values = Float32Array.from(await result.data());
    writeFileSync(join(request.outputDirectory, `${k}.${o}.f32`), Buffer.from(values.buffer));
  }
  tf.dispose([tensor, ...results]);
}
writeFileSync(join(request.outputDirectory, 'shapes.json'), JSON.stringify(shapes));

// Embeds every image of a folder-per-identity dataset with @vladmandic/face-api on TensorFlow.js' WebAssembly backend,
// one face per image (the largest), and writes the file `faceactors eval verification --embeddings` scores.
// Usage: node embed.js --data DIR --out FILE [--border PX] [--threads N] [--min-confidence S]
'use strict';

const fs = require('fs');
const path = require('path');
const tf = require('@tensorflow/tfjs');
const wasm = require('@tensorflow/tfjs-backend-wasm');
const faceapi = require('@vladmandic/face-api/dist/face-api.node-wasm.js');
const jpeg = require('jpeg-js');

const IMAGE = /\.(jpe?g|pgm)$/i;

function parseArgs(argv) {
  const args = { border: 20, threads: 1, minConfidence: 0.5 };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    if (key === '--data') args.data = value;
    else if (key === '--out') args.out = value;
    else if (key === '--border') args.border = Number(value);
    else if (key === '--threads') args.threads = Number(value);
    else if (key === '--min-confidence') args.minConfidence = Number(value);
    else throw new Error(`unknown option ${key}; usage: node embed.js --data DIR --out FILE [--border PX] [--threads N] [--min-confidence S]`);
  }
  if (!args.data || !args.out) throw new Error('usage: node embed.js --data DIR --out FILE [--border PX] [--threads N] [--min-confidence S]');
  return args;
}

// The same files, in the same order, as FaceActors' FolderDataset: a folder per identity, names in ordinal order.
function datasetImages(root) {
  const ordinal = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort(ordinal)
    .flatMap((identity) => fs.readdirSync(path.join(root, identity)).filter((f) => IMAGE.test(f)).sort(ordinal)
      .map((file) => `${identity}/${file}`));
}

// Binary PGM (P5, 8-bit), the ORL files: grey expanded to RGB.
function decodePgm(buffer) {
  const tokens = [];
  let offset = 0;
  while (tokens.length < 4) {
    while (/\s/.test(String.fromCharCode(buffer[offset]))) offset++;
    if (buffer[offset] === 0x23) { while (buffer[offset] !== 0x0a) offset++; continue; }
    let token = '';
    while (!/\s/.test(String.fromCharCode(buffer[offset]))) token += String.fromCharCode(buffer[offset++]);
    tokens.push(token);
  }
  const [magic, width, height, max] = [tokens[0], Number(tokens[1]), Number(tokens[2]), Number(tokens[3])];
  if (magic !== 'P5' || max > 255) throw new Error(`only 8-bit binary PGM is read, not ${magic} with max ${max}`);
  const grey = buffer.subarray(offset + 1, offset + 1 + width * height);
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0; i < grey.length; i++) rgb[3 * i] = rgb[3 * i + 1] = rgb[3 * i + 2] = grey[i];
  return { width, height, rgb };
}

function decodeJpeg(buffer) {
  const { width, height, data } = jpeg.decode(buffer, { useTArray: true, formatAsRGBA: false, maxMemoryUsageInMB: 1024 });
  return { width, height, rgb: data };
}

// An RGB tensor with a black border, as `eval verification --border` gives FaceActors' detector.
function framed({ width, height, rgb }, border) {
  const [w, h] = [width + 2 * border, height + 2 * border];
  const out = new Int32Array(w * h * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [from, to] = [3 * (y * width + x), 3 * ((y + border) * w + x + border)];
      out[to] = rgb[from]; out[to + 1] = rgb[from + 1]; out[to + 2] = rgb[from + 2];
    }
  }
  return faceapi.tf.tensor3d(out, [h, w, 3], 'int32');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  wasm.setThreadsCount(args.threads);
  wasm.setWasmPaths(`${path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}${path.sep}`);
  await tf.setBackend('wasm');
  await tf.ready();
  const models = path.join(path.dirname(require.resolve('@vladmandic/face-api/package.json')), 'model');
  await faceapi.nets.ssdMobilenetv1.loadFromDisk(models);
  await faceapi.nets.faceLandmark68Net.loadFromDisk(models);
  await faceapi.nets.faceRecognitionNet.loadFromDisk(models);
  // face-api's default minimum confidence is 0.5; lower finds more of a dataset's faces (ORL's small grey ones).
  const options = new faceapi.SsdMobilenetv1Options({ minConfidence: args.minConfidence });

  const images = datasetImages(args.data);
  const results = [];
  // Warm-up: the first calls compile and allocate, which no later image pays.
  const warm = framed(decodeJpegOrPgm(path.join(args.data, images[0])), args.border);
  for (let i = 0; i < 3; i++) {
    const [face] = await faceapi.detectAllFaces(warm, options);
    if (face) await describe(warm, face);
  }
  warm.dispose();

  for (const [index, relative] of images.entries()) {
    const input = framed(decodeJpegOrPgm(path.join(args.data, relative)), args.border);
    let start = performance.now();
    const detections = await faceapi.detectAllFaces(input, options);
    const detectMs = performance.now() - start;
    const largest = detections.reduce((best, face) => (best === null || face.box.area > best.box.area ? face : best), null);
    start = performance.now();
    const descriptor = largest ? await describe(input, largest) : null;
    const embedMs = performance.now() - start;
    input.dispose();
    results.push({ path: relative, detect_ms: detectMs, embed_ms: largest ? embedMs : null, embedding: descriptor ? Array.from(descriptor) : null });
    if ((index + 1) % 50 === 0 || index + 1 === images.length) process.stderr.write(`face-api: ${index + 1} of ${images.length} images\n`);
  }
  fs.writeFileSync(args.out, JSON.stringify({
    pipeline: `face-api ${faceapi.version} (SSD MobileNet v1 at ${args.minConfidence}, ResNet-34) on tfjs-backend-wasm ${tf.version_core}`,
    threads: args.threads,
    border: args.border,
    images: results,
  }));
}

// What face-api's chain (withFaceLandmarks().withFaceDescriptors()) does for one detection, split out so the two halves
// are timed apart: 68 landmarks on the detection's crop, the aligned box they give (dlib's alignment, as the chain asks
// for), the 128-d descriptor of that crop. The descriptor equals the chain's to the bit.
async function describe(input, detection) {
  const [crop] = await faceapi.extractFaceTensors(input, [detection]);
  const landmarks = (await faceapi.nets.faceLandmark68Net.detectLandmarks(crop)).shiftBy(detection.box.x, detection.box.y);
  crop.dispose();
  const [aligned] = await faceapi.extractFaceTensors(input, [landmarks.align(null, { useDlibAlignment: true })]);
  const descriptor = await faceapi.nets.faceRecognitionNet.computeFaceDescriptor(aligned);
  aligned.dispose();
  return descriptor;
}

function decodeJpegOrPgm(file) {
  const buffer = fs.readFileSync(file);
  return /\.pgm$/i.test(file) ? decodePgm(buffer) : decodeJpeg(buffer);
}

main().catch((error) => {
  process.stderr.write(`face-api peer: ${error.message}\n`);
  process.exit(1);
});
